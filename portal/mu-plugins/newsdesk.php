<?php
/**
 * Plugin Name: Newsdesk (编辑台)
 * Description: Post meta that Newsdesk sends with an article (source, responsible editor, Newsdesk id), readable and writable through the REST API, and a `newsdesk_id` filter on /wp/v2/posts. Install as a must-use plugin: copy this file into wp-content/mu-plugins/.
 * Version: 1.0.0
 * Requires at least: 5.6
 * License: MIT
 */

if (!defined('ABSPATH')) {
    exit;
}

/** The meta keys Newsdesk writes, each a single string. */
function newsdesk_meta_keys() {
    return [
        'source_name' => '来源：the outlet or organisation the article comes from',
        'source_url' => 'Address of the original article (http or https)',
        'source_author' => '作者 at the source',
        'source_published_at' => 'When the source published it, as Newsdesk sends it (ISO 8601 with offset)',
        'responsible_editor' => '责任编辑: the editor answerable for this article on the portal',
        'other_credits' => 'The credits beside the 责任编辑 as one line (二审 朱晖、监制 王五)',
        'newsdesk_id' => 'The article\'s id in Newsdesk, to find the post again',
    ];
}

add_action('init', function () {
    foreach (newsdesk_meta_keys() as $key => $description) {
        register_post_meta('post', $key, [
            'type' => 'string',
            'description' => $description,
            'single' => true,
            // source_url must be an http(s) address or empty: anything else is refused with 400
            // rest_invalid_pattern rather than silently rewritten.
            'show_in_rest' => $key === 'source_url'
                ? ['schema' => ['type' => 'string', 'pattern' => '^(https?://\\S+)?$']]
                : true,
            'sanitize_callback' => $key === 'source_url' ? 'newsdesk_sanitize_url' : 'sanitize_text_field',
            'auth_callback' => function () {
                return current_user_can('edit_posts');
            },
        ]);
    }
});

function newsdesk_sanitize_url($value) {
    $value = trim((string) $value);
    return $value === '' ? '' : esc_url_raw($value, ['http', 'https']);
}

// GET /wp/v2/posts?newsdesk_id=…&status=any&context=edit finds the post(s) carrying that id.
add_filter('rest_post_collection_params', function ($params) {
    $params['newsdesk_id'] = [
        'description' => 'Limit the result to posts whose newsdesk_id meta is this value.',
        'type' => 'string',
        'sanitize_callback' => 'sanitize_text_field',
    ];
    return $params;
});

add_filter('rest_post_query', function ($args, $request) {
    $id = $request->get_param('newsdesk_id');
    if (is_string($id) && $id !== '') {
        $meta_query = isset($args['meta_query']) && is_array($args['meta_query']) ? $args['meta_query'] : [];
        $meta_query[] = ['key' => 'newsdesk_id', 'value' => $id, 'compare' => '='];
        $args['meta_query'] = $meta_query;
    }
    return $args;
}, 10, 2);
