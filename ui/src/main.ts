// Entry point: mounts the Newsdesk window.
// The desktop bench reads this against the list's own mark (ArticleList.svelte).
performance.mark('script-start');
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { os } from '$lib/platform';
import { servedSystemLang } from '$lib/ipc';
import { startLang } from '$lib/locale.svelte';

// Before the first paint: the font stack follows the system (app.css).
document.documentElement.dataset.os = os;
// In its language from the first frame when the shell served the workspace with the page; the
// launch sets it again from the workspace, to the same language, so nothing is drawn twice.
const system = servedSystemLang();
if (system) startLang(system);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

export default mount(App, { target });
