/// <reference lib="dom" />
/**
 * The emulator's web console (browser code, bundled by the build into dist/emulator/console.js).
 * Every view reads the control plane's JSON routes, so the console shows exactly what tests
 * and tools see; actions (edit a document, pay, fire a timer, move the clock) call the same routes.
 */
import { collectionsView, isEditingDocument } from './documents';
import { call, el, notify, setRerender, when } from './dom';
import { faultsView } from './faultForm';
import { invocationsView } from './invocations';
import { clockView, messagesView, paymentsView, shippingView } from './panels';
import { storageView } from './storage';

const VIEWS: Record<string, () => Promise<HTMLElement[]>> = {
  Collections: collectionsView,
  Invocations: invocationsView,
  Payments: paymentsView,
  'Clock & timers': clockView,
  Messages: messagesView,
  Shipping: shippingView,
  Storage: storageView,
  Faults: faultsView,
};
let current = 'Collections';
/** Each render's number: a slow render that an action's render overtook does not overwrite it. */
let generation = 0;

async function render(): Promise<void> {
  generation += 1;
  const mine = generation;
  const view = document.getElementById('view') as HTMLElement;
  try {
    const [health, clock] = await Promise.all([call('GET', '/health'), call('GET', '/clock')]);
    const nodes = await (VIEWS[current] as () => Promise<HTMLElement[]>)();
    if (mine !== generation) return;
    (document.getElementById('env') as HTMLElement).textContent = `env ${health.envName}`;
    (document.getElementById('clock') as HTMLElement).textContent = `virtual time ${when(clock.nowMs)}`;
    view.replaceChildren(...nodes);
  } catch (error) {
    if (mine === generation) view.replaceChildren(el('p', { className: 'bad' }, (error as Error).message));
  }
}

function renderTabs(): void {
  const tabs = document.getElementById('tabs') as HTMLElement;
  tabs.replaceChildren(
    ...Object.keys(VIEWS).map((name) =>
      el(
        'button',
        {
          className: name === current ? 'active' : '',
          'data-tab': name,
          onclick: () => {
            current = name;
            renderTabs();
            void render();
          },
        },
        name,
      ),
    ),
  );
}

/** Downloads the whole local state (`GET /_emulator/state`) as one JSON file, to share a bug. */
async function exportState(): Promise<void> {
  const response = await fetch('/_emulator/state');
  if (!response.ok) throw new Error(`export failed: HTTP ${response.status}`);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  const link = el('a', {
    href: URL.createObjectURL(await response.blob()),
    download: `emulator-state-${stamp}.json`,
  }) as HTMLAnchorElement;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  notify('state exported');
}

/** Replaces the whole local state with an exported file (`PUT /_emulator/state`). */
async function importState(file: File): Promise<void> {
  const response = await fetch('/_emulator/state', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: await file.text(),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(`import failed: ${body.error?.message ?? `HTTP ${response.status}`}`);
  }
  notify(`state imported from ${file.name}`);
}

function renderStateTools(): void {
  const picker = el('input', { type: 'file', accept: 'application/json,.json', 'data-field': 'import', hidden: true });
  picker.addEventListener('change', () => {
    const file = (picker as HTMLInputElement).files?.[0];
    if (!file) return;
    importState(file)
      .catch((error: unknown) => notify((error as Error).message, true))
      .finally(() => {
        (picker as HTMLInputElement).value = '';
        void render();
      });
  });
  const run = (action: () => Promise<void>) => () =>
    void action().catch((error: unknown) => notify((error as Error).message, true));
  (document.getElementById('tools') as HTMLElement).replaceChildren(
    el('button', { className: 'action', 'data-action': 'export state', onclick: run(exportState) }, 'export state'),
    el('button', { className: 'action', 'data-action': 'import state', onclick: () => picker.click() }, 'import state'),
    picker,
  );
}

/** The periodic refresh waits while someone types or edits, so it never throws their input away. */
function busy(): boolean {
  const active = document.activeElement;
  const typing =
    active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
  return typing || (current === 'Collections' && isEditingDocument());
}

setRerender(render);
renderTabs();
renderStateTools();
void render();
setInterval(() => {
  if (!busy()) void render();
}, 2000);
