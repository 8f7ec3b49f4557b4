#!/usr/bin/env bash
# A real WordPress for the portal tests: Debian's wordpress package served by PHP's built-in server on
# 127.0.0.1, with a private socket-only MariaDB instance, both kept in a state folder of their own.
#
#   scripts/test-portal.sh start [DIR]   install what is missing, start, wait until /wp-json/ answers
#   scripts/test-portal.sh stop  [DIR]   stop the PHP server and MariaDB cleanly
#   scripts/test-portal.sh reset [DIR]   back to the fresh install (database and uploads), in about a second
#   scripts/test-portal.sh env   [DIR]   print the env file (URL, users, passwords, DB socket)
#   scripts/test-portal.sh status [DIR]  say what runs
#   scripts/test-portal.sh check [DIR]   start, then run scripts/test-portal-smoke.sh against it
#   scripts/test-portal.sh install       only install the packages and the config dispatcher (setup.sh)
#
# DIR defaults to $NEWSDESK_PORTAL_DIR, else target/test-portal. The port is $NEWSDESK_PORTAL_PORT (default
# 18089), fixed at install time (it is in the site's URL); a new port needs a new DIR. After `start`, DIR
# holds portal.env (shell) and portal.json with the same values. No systemd and no wp-cli are needed: apt
# starts no services here, and the install runs WordPress's own PHP (scripts/test-portal/install.php).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-start}
dir=${2:-${NEWSDESK_PORTAL_DIR:-$repo/target/test-portal}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# One command at a time per portal: test threads start it at once on a fresh machine, and two
# installs into one folder break each other. The servers started below get the lock's fd closed.
exec 9>"$dir/.lock"
flock 9
wp_root=/usr/share/wordpress
content=$dir/wp-content
envfile=$dir/portal.env
sock=$dir/mysqld.sock
# A Unix socket path must stay under 108 bytes.
if [ ${#sock} -gt 100 ]; then sock=/tmp/newsdesk-portal-$(printf %s "$dir" | md5sum | cut -c1-12).sock; fi
db_name=wordpress db_user=wordpress db_pass=wordpress

log() { echo "test-portal: $*" >&2; }
die() { log "$*"; exit 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
sql() { mariadb --no-defaults --socket="$sock" -uroot "$@"; }

install_packages() {
  local pkgs=(wordpress wordpress-theme-twentytwentythree mariadb-server mariadb-client php-cli php-mysql php-gd
              php-curl php-xml php-mbstring php-intl curl ca-certificates)
  local missing=() p
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "needs root to install: ${missing[*]}"
  log "installing: ${missing[*]}"
  # wordpress depends on apache2, and mariadb-server starts itself where services may start: make sure
  # apt starts no service (nothing may listen beyond 127.0.0.1), then put things back as they were.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$guard"; chmod +x "$guard"
  fi
  local rc=0
  if ! find /var/lib/apt/lists -name '*Packages*' -newermt '1 day ago' 2>/dev/null | grep -q .; then
    apt-get update -qq || rc=$?
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$dir/apt.log" 2>&1 || rc=$?
  [ -n "$guard" ] && rm -f "$guard"
  [ $rc -eq 0 ] || die "apt-get failed (see $dir/apt.log)"
}

# Debian's wp-config.php loads /etc/wordpress/config-<host>.php; ours (scripts/test-portal/dispatcher.php)
# hands over to the portal named by NEWSDESK_PORTAL_CONFIG, so several state folders can live side by side.
install_dispatcher() {
  local f=/etc/wordpress/config-127.0.0.1.php src=$repo/scripts/test-portal/dispatcher.php
  if [ -f "$f" ] && ! grep -q 'NEWSDESK_PORTAL_CONFIG' "$f"; then die "$f exists and is not ours; not touching it"; fi
  cmp -s "$src" "$f" && return
  cp "$src" "$f.new" 2>/dev/null && mv "$f.new" "$f" || die "cannot write $f (run once as root)"
}

write_config() {
  local port=$1 salts="" k
  for k in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
    salts+="define('$k', '$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')');"$'\n'
  done
  cat >"$dir/wp-config.php" <<EOF
<?php
// Test portal config, written by scripts/test-portal.sh (loaded through /etc/wordpress/config-127.0.0.1.php).
define('DB_NAME', '$db_name');
define('DB_USER', '$db_user');
define('DB_PASSWORD', '$db_pass');
define('DB_HOST', 'localhost:$sock');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', 'http://127.0.0.1:$port');
define('WP_SITEURL', 'http://127.0.0.1:$port');
define('WP_CONTENT_DIR', '$content');
define('WP_CONTENT_URL', 'http://127.0.0.1:$port/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');   // application passwords over plain HTTP
define('WP_HTTP_BLOCK_EXTERNAL', true);   // no internet here; requests to the site itself stay allowed
define('AUTOMATIC_UPDATER_DISABLED', true);
define('DISALLOW_FILE_MODS', true);
define('WP_DEBUG', false);
define('NEWSDESK_PORTAL_MAIL_LOG', '$dir/mail.log');   // scripts/test-portal/mail.php
$salts
EOF
}

start_db() {
  if alive "$dir/mysqld.pid" && sql -e 'select 1' >/dev/null 2>&1; then return; fi
  if [ ! -d "$dir/db/mysql" ]; then
    rm -rf "$dir/db"
    mariadb-install-db --no-defaults --datadir="$dir/db" --user=root --auth-root-authentication-method=socket \
      --skip-test-db >"$dir/mysqld-install.log" 2>&1 || die "mariadb-install-db failed (see $dir/mysqld-install.log)"
  fi
  setsid nohup mariadbd --no-defaults --user=root --datadir="$dir/db" --socket="$sock" --pid-file="$dir/mysqld.pid" \
    --skip-networking --log-error="$dir/mysqld.log" --character-set-server=utf8mb4 \
    --collation-server=utf8mb4_unicode_ci --skip-log-bin --innodb-buffer-pool-size=64M \
    --innodb-flush-log-at-trx-commit=2 --innodb-log-file-size=16M --innodb-flush-method=nosync --innodb-doublewrite=0 --sync-frm=0 \
    --innodb-buffer-pool-dump-at-shutdown=0 --innodb-buffer-pool-load-at-startup=0 </dev/null >/dev/null 2>&1 9>&- &

  for _ in $(seq 1 150); do
    sql -e 'select 1' >/dev/null 2>&1 && return
    sleep 0.1
  done
  die "MariaDB did not start (see $dir/mysqld.log)"
}

stop_db() {
  if alive "$dir/mysqld.pid"; then
    local pid; pid=$(cat "$dir/mysqld.pid")
    mariadb-admin --no-defaults --socket="$sock" -uroot shutdown 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && die "MariaDB (pid $pid) did not stop"
  fi
  rm -f "$dir/mysqld.pid"
}

port_of() { [ -f "$envfile" ] && sed -n "s/^NEWSDESK_PORTAL_PORT='\(.*\)'$/\1/p" "$envfile"; }

start_php() {
  local port; port=$(port_of)
  if alive "$dir/php.pid"; then return; fi
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
    die "something else answers on 127.0.0.1:$port (set NEWSDESK_PORTAL_PORT and use a new DIR)"
  fi
  # setsid: the server is its own process group (a master and its workers), stopped as one.
  NEWSDESK_PORTAL_CONFIG="$dir/wp-config.php" NEWSDESK_PORTAL_CONTENT="$content" PHP_CLI_SERVER_WORKERS=4 \
    setsid nohup php -d upload_max_filesize=64M -d post_max_size=64M -d memory_limit=256M \
    -d display_errors=0 -d log_errors=1 -d error_log="$dir/php-error.log" \
    -S "127.0.0.1:$port" -t "$wp_root" "$repo/scripts/test-portal/router.php" </dev/null >"$dir/php.log" 2>&1 9>&- &
  echo $! >"$dir/php.pid"
}

stop_php() {
  if alive "$dir/php.pid"; then
    local pid; pid=$(cat "$dir/php.pid")
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL -- "-$pid" 2>/dev/null
  fi
  rm -f "$dir/php.pid"
}

wait_rest() {
  local url; url=$(port_of); url="http://127.0.0.1:$url/wp-json/"

  for _ in $(seq 1 150); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url")" = 200 ] && return
    alive "$dir/php.pid" || die "PHP server stopped (see $dir/php.log, $dir/php-error.log)"
    sleep 0.1
  done
  die "$url does not answer 200 (see $dir/php.log, $dir/php-error.log)"
}

# The must-use plugin is copied at every start and reset, so the running portal has the repo's version.
install_content() {
  mkdir -p "$content/mu-plugins" "$content/uploads" "$content/plugins" "$content/languages"
  [ -e "$content/themes" ] || ln -s /var/lib/wordpress/wp-content/themes "$content/themes"
  cp "$repo/portal/mu-plugins/newsdesk.php" "$content/mu-plugins/newsdesk.php"
  cp "$repo/scripts/test-portal/mail.php" "$content/mu-plugins/zz-test-portal-mail.php"
}

write_env() {
  local port=$1 admin_pass=$2 creds=$3
  {
    echo "# Newsdesk test portal (scripts/test-portal.sh); source it or read portal.json"
    echo "NEWSDESK_PORTAL_URL='http://127.0.0.1:$port'"
    echo "NEWSDESK_PORTAL_REST='http://127.0.0.1:$port/wp-json/'"
    echo "NEWSDESK_PORTAL_PORT='$port'"
    echo "NEWSDESK_PORTAL_USER='admin'"
    echo "NEWSDESK_PORTAL_PASSWORD='$admin_pass'"
    grep "^NEWSDESK_PORTAL_APP_PASSWORD=" <<<"$creds"
    echo "NEWSDESK_PORTAL_EDITOR_USER='editor'"
    grep "^NEWSDESK_PORTAL_EDITOR_PASSWORD=" <<<"$creds"
    grep "^NEWSDESK_PORTAL_EDITOR_APP_PASSWORD=" <<<"$creds"
    echo "NEWSDESK_PORTAL_DB_SOCKET='$sock'"
    echo "NEWSDESK_PORTAL_DB_NAME='$db_name'"
    echo "NEWSDESK_PORTAL_DB_USER='$db_user'"
    echo "NEWSDESK_PORTAL_DB_PASSWORD='$db_pass'"
    echo "NEWSDESK_PORTAL_DIR='$dir'"
  } >"$envfile.new"
  mv "$envfile.new" "$envfile"
  # The same as JSON (values have no quotes or backslashes).
  sed -n "s/^\(NEWSDESK_PORTAL_[A-Z_]*\)='\(.*\)'$/  \"\1\": \"\2\",/p" "$envfile" |
    sed '$ s/,$//' | { echo "{"; cat; echo "}"; } >"$dir/portal.json"
}

# Right after the install: fresh.sql (the whole database), fresh-data.sql (empties every table and fills
# it again in one transaction: no DDL, so it takes a tenth of a second) and fresh-autoinc.txt (each table's
# AUTO_INCREMENT, put back by reset only where it moved, since each ALTER TABLE costs some 40 ms).
snapshot() {
  mariadb-dump --no-defaults --socket="$sock" -uroot --single-transaction --skip-dump-date "$db_name" >"$dir/fresh.sql.new"
  local tables t
  tables=$(sed -n 's/^CREATE TABLE `\(.*\)` (/\1/p' "$dir/fresh.sql.new")
  {
    echo "SET autocommit=0; SET foreign_key_checks=0; SET unique_checks=0;"
    for t in $tables; do echo "DELETE FROM \`$t\`;"; done
    mariadb-dump --no-defaults --socket="$sock" -uroot --single-transaction --no-create-info --skip-add-locks \
      --skip-disable-keys --skip-dump-date --skip-comments "$db_name"
    echo "COMMIT;"
  } >"$dir/fresh-data.sql"
  autoinc >"$dir/fresh-autoinc.txt"
  mv "$dir/fresh.sql.new" "$dir/fresh.sql"
}

autoinc() {
  sql -N -B -e "SELECT table_name, auto_increment FROM information_schema.tables
                WHERE table_schema = '$db_name' AND auto_increment IS NOT NULL ORDER BY table_name"
}

reset_db() {
  if [ -f "$dir/fresh-data.sql" ] && [ -f "$dir/fresh-autoinc.txt" ] && sql "$db_name" <"$dir/fresh-data.sql" 2>/dev/null; then
    local alters
    alters=$(autoinc | { diff - "$dir/fresh-autoinc.txt" || true; } | sed -n 's/^> \([^\t]*\)\t\(.*\)$/ALTER TABLE `\1` AUTO_INCREMENT = \2;/p')
    [ -z "$alters" ] || sql "$db_name" -e "$alters"
  else
    log "reset: restoring the whole database"
    sql -e "DROP DATABASE IF EXISTS \`$db_name\`; CREATE DATABASE \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
    sql "$db_name" <"$dir/fresh.sql"
  fi
}

install_site() {
  [ -f "$dir/fresh.sql" ] && [ -f "$envfile" ] && return
  local port=${NEWSDESK_PORTAL_PORT:-18089}
  log "installing WordPress in $dir (port $port)"
  stop_php
  stop_db
  rm -rf "$dir/db" "$content" "$dir/fresh.sql" "$envfile" "$dir/portal.json"
  install_content
  write_config "$port"
  start_db
  sql -e "CREATE DATABASE \`$db_name\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
          CREATE USER '$db_user'@'localhost' IDENTIFIED BY '$db_pass';
          GRANT ALL ON \`$db_name\`.* TO '$db_user'@'localhost';"
  local admin_pass creds
  admin_pass=$(head -c 30 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | cut -c1-20)
  creds=$(NEWSDESK_PORTAL_CONFIG="$dir/wp-config.php" php -d display_errors=stderr -d error_reporting=E_ALL\&~E_DEPRECATED \
          "$repo/scripts/test-portal/install.php" "$admin_pass") || die "WordPress install failed"
  snapshot
  write_env "$port" "$admin_pass" "$creds"
}

case "$cmd" in
  start)
    install_packages
    install_dispatcher
    install_site
    install_content
    start_db
    start_php
    wait_rest
    log "ready at $(sed -n "s/^NEWSDESK_PORTAL_URL='\(.*\)'$/\1/p" "$envfile")/ ; env: $envfile (and $dir/portal.json)"
    ;;
  install)
    install_packages
    install_dispatcher
    ;;
  stop)
    stop_php
    stop_db
    log "stopped ($dir)"
    ;;
  reset)
    [ -f "$dir/fresh.sql" ] || die "no portal installed in $dir: run start first"
    start_db
    reset_db
    rm -rf "$content/uploads"
    install_content
    log "reset to the fresh install ($dir)"
    ;;
  env)
    [ -f "$envfile" ] || die "no portal installed in $dir: run start first"
    cat "$envfile"
    ;;
  status)
    if alive "$dir/mysqld.pid"; then echo "mariadb: running (pid $(cat "$dir/mysqld.pid"), socket $sock)"; else echo "mariadb: stopped"; fi
    if alive "$dir/php.pid"; then echo "php: running (pid $(cat "$dir/php.pid"), port $(port_of))"; else echo "php: stopped"; fi
    ;;
  check)
    exec 9>&- # the start below takes the lock itself
    "$0" start "$dir"
    "$repo/scripts/test-portal-smoke.sh" "$envfile"
    ;;
  *)
    sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
