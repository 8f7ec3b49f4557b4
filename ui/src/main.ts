// Entry point: mounts the Newsdesk window.
// The desktop bench reads this against the list's own mark (ArticleList.svelte).
performance.mark('script-start');
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { os } from '$lib/platform';
import { desk } from '$lib/desk.svelte';

// Before the first paint: the font stack follows the system (app.css).
document.documentElement.dataset.os = os;
// The first frame is the list, in the site's language, when the shell served them with the page.
desk.takeServed();
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
