extension WebAssets {
    /// `/assets/app.css`: one style sheet for every page, system fonts only.
    static let css = #"""
        :root { --ink: #1d2330; --muted: #5f6b7a; --line: #dde2e8; --page: #f5f7fa; --card: #fff; --accent: #2f6fdf;
          --good: #1f8a4c; --bad: #c23b3b; --warn: #b7791f; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; background: var(--page); color: var(--ink); font-size: 15px; line-height: 1.45; }
        header.top { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.5rem; background: var(--ink); color: #fff; flex-wrap: wrap; }
        header.top a { color: #d8e2f0; text-decoration: none; }
        header.top a.current, header.top a:hover { color: #fff; border-bottom: 2px solid var(--accent); }
        .brand { display: flex; align-items: center; gap: .4rem; font-weight: 600; }
        .brand span { color: #fff; }
        svg.logo rect { fill: var(--accent); }
        svg.logo path { fill: none; stroke: #fff; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        nav { display: flex; gap: 1rem; flex-wrap: wrap; }
        .who { margin-left: auto; display: flex; gap: .4rem; align-items: center; color: #d8e2f0; }
        .who .muted { color: #aab4c3; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; word-break: break-all; }
        h2 { font-size: 1.1rem; margin: 0 0 .7rem; }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.2rem; margin-bottom: 1rem; }
        .card.narrow { max-width: 420px; }
        .card.notice { border-color: var(--warn); background: #fff8e6; }
        .columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 0 1rem; }
        label { display: block; margin-bottom: .7rem; font-weight: 500; }
        label.inline { display: inline-block; margin-right: 1rem; font-weight: normal; }
        input, select, textarea { display: block; width: 100%; margin-top: .2rem; padding: .4rem .5rem; border: 1px solid var(--line); border-radius: 5px; font: inherit; }
        input[type=checkbox], input[type=radio], label.inline input, label.inline select { display: inline-block; width: auto; margin: 0 .3rem 0 0; }
        textarea.code, code, pre, kbd { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 13px; }
        pre { background: var(--page); padding: .6rem; border-radius: 5px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; max-height: 24rem; }
        kbd { border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 4px; padding: 0 .3rem; background: #fff; }
        fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 1rem; padding: .6rem 1rem; }
        button, a.button { display: inline-block; padding: .45rem .9rem; border: 1px solid var(--accent); border-radius: 5px; background: var(--accent); color: #fff; font: inherit; cursor: pointer; text-decoration: none; }
        button:disabled { opacity: .5; cursor: default; }
        button.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
        button.small, a.button.small { padding: .15rem .5rem; font-size: 13px; }
        button.link { background: none; border: none; color: #d8e2f0; padding: 0; text-decoration: underline; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        .inline-form { display: flex; flex-wrap: wrap; gap: .6rem; align-items: flex-end; margin-bottom: .8rem; }
        .inline-form label { margin: 0; }
        .inline-form input, .inline-form select { width: 9rem; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { font-size: 13px; color: var(--muted); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.text { max-width: 36rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        tr.open td.text { white-space: pre-wrap; }
        .muted { color: var(--muted); }
        .error { color: var(--bad); }
        .badge { display: inline-block; padding: 0 .45rem; border-radius: 9px; background: #e7ecf3; color: var(--ink); font-size: 12px; font-weight: 600; }
        .badge.succeeded, .badge.approved { background: #dff3e7; color: var(--good); }
        .badge.failed, .badge.rejected { background: #f8e1e1; color: var(--bad); }
        .badge.running, .badge.queued, .badge.pending { background: #fff1d6; color: var(--warn); }
        #flash { padding: .5rem .8rem; border-radius: 6px; background: #e6effd; }
        #flash.error { background: #f8e1e1; }
        .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(160px, 1fr)); gap: .8rem; }
        .tiles > p { grid-column: 1 / -1; }
        .tile { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
        .tile .value { font-size: 1.4rem; font-weight: 600; }
        .tile .name { color: var(--muted); font-size: 13px; }
        .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 1rem; }
        figure { margin: 0; }
        figcaption { font-weight: 600; font-size: 13px; margin-bottom: .3rem; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart .bar { fill: var(--accent); }
        svg.chart .axis { stroke: var(--line); }
        svg.chart text { fill: var(--muted); font-size: 11px; }
        svg.chart text.value { fill: var(--ink); }
        progress { width: 100%; height: 1.2rem; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 .8rem; }
        dl.facts dt, dl.fields dt { color: var(--muted); }
        dl.facts dd { margin: 0; word-break: break-word; }
        dl.fields dt { font-weight: 600; margin-top: .6rem; }
        dl.fields dd { margin: .2rem 0 0; white-space: pre-wrap; word-break: break-word; }
        ul.feed { list-style: none; padding: 0; margin: 0; }
        ul.feed li { padding: .3rem 0; border-bottom: 1px solid var(--line); }
        """#
}
