<?php
// Installs WordPress into the empty database of a test portal (scripts/test-portal.sh), as wp-cli
// would: wp_install(), pretty permalinks, an application password. Prints shell assignments.
// Usage: NEWSDESK_PORTAL_CONFIG=... php install.php ADMIN_PASSWORD
if (PHP_SAPI !== 'cli') exit(1);
$_SERVER['HTTP_HOST'] = '127.0.0.1';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
// No mail about the new site.
function wp_new_blog_notification($blog_title, $blog_url, $user_id, $password) {}
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$admin_password = $argv[1];
if (is_blog_installed()) { fwrite(STDERR, "install: already installed\n"); exit(2); }
$result = wp_install('Newsdesk test portal', 'admin', 'admin@example.invalid', false, '', wp_slash($admin_password), 'en_US');
$admin_id = $result['user_id'];

// An empty portal: no sample post, page or comment (category 1 "Uncategorized" stays; WordPress needs it).
foreach (get_posts(['post_type' => 'any', 'post_status' => 'any', 'numberposts' => -1]) as $p) {
    wp_delete_post($p->ID, true);
}
foreach (get_comments() as $c) wp_delete_comment($c->comment_ID, true);

update_option('timezone_string', 'Asia/Shanghai');
update_option('gmt_offset', '');
update_option('date_format', 'Y-m-d');
update_option('time_format', 'H:i');
update_option('blog_public', '0');
update_option('default_comment_status', 'closed');
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
update_option('uploads_use_yearmonth_folders', '1');
flush_rewrite_rules(false);

// A second, non-admin account, as on a real portal where editors publish but don't administer.
$editor_password = wp_generate_password(20, false);
$editor_id = wp_insert_user(['user_login' => 'editor', 'user_pass' => $editor_password, 'user_email' => 'editor@example.invalid',
                             'role' => 'editor', 'display_name' => '值班编辑']);
if (is_wp_error($editor_id)) { fwrite(STDERR, $editor_id->get_error_message() . "\n"); exit(1); }

list($app, ) = WP_Application_Passwords::create_new_application_password($admin_id, ['name' => 'newsdesk-tests']);
list($editor_app, ) = WP_Application_Passwords::create_new_application_password($editor_id, ['name' => 'newsdesk-tests']);
if (is_wp_error($app) || is_wp_error($editor_app)) { fwrite(STDERR, "install: application password failed\n"); exit(1); }

printf("NEWSDESK_PORTAL_APP_PASSWORD='%s'\n", $app);
printf("NEWSDESK_PORTAL_EDITOR_PASSWORD='%s'\n", $editor_password);
printf("NEWSDESK_PORTAL_EDITOR_APP_PASSWORD='%s'\n", $editor_app);
