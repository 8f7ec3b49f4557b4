<?php
// Test portal only (copied by scripts/test-portal.sh into wp-content/mu-plugins): there is no sendmail
// here, so mail WordPress would send is appended to the file NEWSDESK_PORTAL_MAIL_LOG instead.
if (!function_exists('wp_mail') && defined('NEWSDESK_PORTAL_MAIL_LOG')) {
    function wp_mail($to, $subject, $message, $headers = '', $attachments = []) {
        $to = is_array($to) ? implode(', ', $to) : $to;
        file_put_contents(NEWSDESK_PORTAL_MAIL_LOG, gmdate('c') . " to $to: $subject\n$message\n\n", FILE_APPEND);
        return true;
    }
}
