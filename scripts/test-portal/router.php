<?php
// Router for PHP's built-in server in front of Debian's WordPress (scripts/test-portal.sh).
// /wp-content/* comes from this portal's own content folder (uploads, mu-plugins, theme links);
// real files under /usr/share/wordpress are served (or run) as they are; everything else goes
// to index.php, which gives pretty permalinks and /wp-json/ without mod_rewrite.
$root = '/usr/share/wordpress';
$content = getenv('NEWSDESK_PORTAL_CONTENT');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');

if (strpos($path, '/wp-content/') === 0) {
    $rel = substr($path, strlen('/wp-content/'));
    $file = $content . '/' . $rel;
    if (strpos($rel, '..') === false && is_file($file) && !preg_match('/\.php$/i', $file)) {
        $types = ['jpg' => 'image/jpeg', 'jpeg' => 'image/jpeg', 'png' => 'image/png', 'gif' => 'image/gif',
                  'webp' => 'image/webp', 'svg' => 'image/svg+xml', 'css' => 'text/css', 'js' => 'text/javascript',
                  'json' => 'application/json', 'woff2' => 'font/woff2', 'woff' => 'font/woff', 'txt' => 'text/plain',
                  'pdf' => 'application/pdf', 'mp4' => 'video/mp4', 'mp3' => 'audio/mpeg'];
        $ext = strtolower(pathinfo($file, PATHINFO_EXTENSION));
        header('Content-Type: ' . ($types[$ext] ?? 'application/octet-stream'));
        header('Content-Length: ' . filesize($file));
        if ($_SERVER['REQUEST_METHOD'] !== 'HEAD') readfile($file);
        return true;
    }
    http_response_code(404);
    return true;
}

if ($path !== '/' && strpos($path, '..') === false) {
    if (is_file($root . $path)) return false;
    if (is_dir($root . $path) && is_file(rtrim($root . $path, '/') . '/index.php')) return false;
}

$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
