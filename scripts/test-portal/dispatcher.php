<?php
// Installed by Newsdesk's scripts/test-portal.sh as /etc/wordpress/config-127.0.0.1.php (Debian's wp-config.php
// loads config-<host>.php): hands over to the config of the test portal named by NEWSDESK_PORTAL_CONFIG, which
// lives in that portal's state folder, so several portals can run side by side.
$newsdesk_portal_config = getenv('NEWSDESK_PORTAL_CONFIG');
if (!$newsdesk_portal_config || !is_file($newsdesk_portal_config)) {
    header('HTTP/1.0 500 Internal Server Error');
    echo "NEWSDESK_PORTAL_CONFIG is not set: start this portal with scripts/test-portal.sh\n";
    exit(1);
}
require $newsdesk_portal_config;
