/**
 * The web console's HTML shell. The behaviour lives in client.ts, bundled for the browser by
 * the build into dist/emulator/console.js and served beside this page.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>CloudBase emulator console</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  :root { --fg: #1d2129; --muted: #86909c; --line: #e5e6eb; --brand: #0052d9; --ok: #2ba471; --bad: #d54941; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.5 -apple-system, "PingFang SC", "WenQuanYi Micro Hei", sans-serif; color: var(--fg); background: #f3f4f7; }
  header { display: flex; align-items: center; gap: 16px; padding: 12px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 16px; margin: 0; }
  header .clock { margin-left: auto; color: var(--muted); }
  nav { display: flex; gap: 4px; padding: 0 20px; background: #fff; border-bottom: 1px solid var(--line); }
  nav button { border: 0; background: none; padding: 10px 12px; cursor: pointer; color: var(--muted); border-bottom: 2px solid transparent; }
  nav button.active { color: var(--brand); border-bottom-color: var(--brand); }
  main { padding: 16px 20px; }
  section { background: #fff; border-radius: 8px; padding: 16px; margin-bottom: 16px; }
  h2 { font-size: 15px; margin: 0 0 12px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 500; }
  td pre { margin: 0; white-space: pre-wrap; word-break: break-all; max-height: 160px; overflow: auto; font-size: 12px; }
  button.action { border: 1px solid var(--brand); color: var(--brand); background: #fff; border-radius: 4px; padding: 2px 10px; cursor: pointer; margin-right: 6px; }
  button.action.danger { border-color: var(--bad); color: var(--bad); }
  .ok { color: var(--ok); } .bad { color: var(--bad); } .muted { color: var(--muted); }
  .row { display: flex; gap: 8px; align-items: center; margin-bottom: 12px; flex-wrap: wrap; }
  input, select { padding: 4px 8px; border: 1px solid var(--line); border-radius: 4px; }
</style>
</head>
<body>
<header><h1>CloudBase emulator</h1><span id="env" class="muted"></span><span class="clock" id="clock"></span></header>
<nav id="tabs"></nav>
<main id="view"><p class="muted">Loading…</p></main>
<script src="/_emulator/ui/console.js"></script>
</body>
</html>`;
