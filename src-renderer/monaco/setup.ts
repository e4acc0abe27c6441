/**
 * Monaco, bundled locally (no CDN): the editor core, the languages the workbench edits
 * (JavaScript and Python function code, JSON and YAML definitions) and the two web workers it needs,
 * built by Vite from `?worker` imports so they load offline from the app's own origin.
 *
 * We import the editor API plus chosen contributions rather than `monaco-editor` itself: the full
 * package pulls in the TypeScript/CSS/HTML language services and their large workers, none of which
 * the workbench uses.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';
// Side-effect imports: editor features (find, folding, hover, …) and language registrations.
import 'monaco-editor/esm/vs/editor/edcore.main';
import 'monaco-editor/esm/vs/language/json/monaco.contribution';
import 'monaco-editor/esm/vs/basic-languages/javascript/javascript.contribution';
import 'monaco-editor/esm/vs/basic-languages/python/python.contribution';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker?worker';

self.MonacoEnvironment = {
  getWorker(_workerId: string, label: string): Worker {
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};

export type ThemeName = 'light' | 'dark';

export function applyMonacoTheme(theme: ThemeName): void {
  monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
}

export { monaco };
