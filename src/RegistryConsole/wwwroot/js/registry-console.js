// The console's one script: theme preference, the Ctrl+S shortcut, loading Monaco when the first editor needs it,
// and the JSON editors' Monaco glue (schemas, server-side validation markers). Pages never touch Monaco; the JsonEditor component calls these.
window.registryConsole = (function () {
    'use strict';

    const schemaBase = 'https://registry-console.local/schemas/';
    const schemas = {};   // schema id -> JSON schema object
    const bindings = {};  // model uri -> schema id

    function editorOf(editorId) {
        return window.blazorMonaco && window.blazorMonaco.editor ? window.blazorMonaco.editor.getEditor(editorId, true) : null;
    }

    function applySchemas() {
        if (typeof monaco === 'undefined' || !monaco.languages.json) {
            return;
        }
        monaco.languages.json.jsonDefaults.setDiagnosticsOptions({
            validate: true,
            allowComments: false,
            enableSchemaRequest: false,
            schemaValidation: 'error',
            schemas: Object.keys(schemas).map(function (id) {
                return {
                    uri: schemaBase + id + '.json',
                    fileMatch: Object.keys(bindings).filter(function (uri) { return bindings[uri] === id; }),
                    schema: schemas[id]
                };
            })
        });
    }

    // Monaco on demand: BlazorMonaco's interop (it sets the AMD loader's config), the loader, then editor.main.js,
    // in that order and once per page; resolved when the editor module (and its messages) is ready.
    const monacoBase = '_content/BlazorMonaco/';
    let monacoLoading = null;

    function loadScript(src) {
        return new Promise(function (resolve, reject) {
            const script = document.createElement('script');
            script.src = src;
            script.async = false;
            script.onload = function () { resolve(); };
            script.onerror = function () { reject(new Error('could not load ' + src)); };
            document.body.appendChild(script);
        });
    }

    function loadMonaco() {
        if (typeof monaco !== 'undefined' && window.blazorMonaco && window.blazorMonaco.editor) {
            return Promise.resolve();
        }
        if (!monacoLoading) {
            monacoLoading = loadScript(monacoBase + 'jsInterop.js')
                .then(function () { return loadScript(monacoBase + 'lib/monaco-editor/min/vs/loader.js'); })
                .then(function () { return loadScript(monacoBase + 'lib/monaco-editor/min/vs/editor/editor.main.js'); })
                .then(function () {
                    return new Promise(function (resolve, reject) { window.require(['vs/editor/editor.main'], function () { resolve(); }, reject); });
                })
                .then(function () {
                    document.documentElement.setAttribute('data-monaco', 'loaded');
                    applySchemas();
                });
            // A failed load (network) may be tried again by the next editor.
            monacoLoading.catch(function () { monacoLoading = null; });
        }
        return monacoLoading;
    }

    function writeThemeCookie(value) {
        document.cookie = 'rc-theme=' + encodeURIComponent(value) + '; path=/; max-age=31536000; samesite=lax' + (window.location.protocol === 'https:' ? '; secure' : '');
    }

    return {
        monaco: {
            load: loadMonaco
        },

        // The stored choice lives in localStorage and, mirrored, in a cookie of the same name: the sign-in page is rendered
        // on the server (no script) and reads the cookie (ConsoleTheme.StorageKey).
        theme: {
            get: function () {
                let value = null;
                try { value = window.localStorage.getItem('rc-theme'); } catch (e) { /* private mode */ }
                if (value === 'dark' || value === 'light') {
                    writeThemeCookie(value);
                }
                return value;
            },
            set: function (value) {
                try { window.localStorage.setItem('rc-theme', value); } catch (e) { /* private mode */ }
                writeThemeCookie(value);
                if (typeof monaco !== 'undefined') {
                    monaco.editor.setTheme(value === 'dark' ? 'vs-dark' : 'vs');
                }
            }
        },

        // The browser's IANA time zone (the audit log shows and takes times in it, and sends UTC).
        timeZone: function () {
            try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
        },

        // Ctrl+S / Cmd+S anywhere on the page (inside an editor too) calls OnSaveShortcut instead of saving the page.
        registerSaveShortcut: function (dotnetRef) {
            const handler = function (e) {
                if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
                    e.preventDefault();
                    e.stopPropagation();
                    dotnetRef.invokeMethodAsync('OnSaveShortcut');
                }
            };
            document.addEventListener('keydown', handler, true);
            return {
                dispose: function () { document.removeEventListener('keydown', handler, true); }
            };
        },

        // The error summary's links: scroll a field into the middle of the view and focus it (its input, if it wraps one).
        focusTarget: function (selector) {
            const target = document.querySelector(selector);
            if (!target) {
                return false;
            }
            const focusable = target.matches('input, textarea, select, button, [tabindex]') ? target : (target.querySelector('input, textarea, select, button, [tabindex]') || target);
            target.scrollIntoView({ block: 'center' });
            focusable.focus({ preventScroll: true });
            return document.activeElement === focusable;
        },

        jsonDiff: {
            // Scrolls one side of a diff editor to a line, puts the cursor there and marks the whole line.
            reveal: function (diffId, side, line) {
                const editor = editorOf(diffId + '_' + side);
                if (!editor || !editor.getModel()) {
                    return;
                }
                const target = Math.min(Math.max(1, line), editor.getModel().getLineCount());
                editor.revealLineInCenter(target);
                editor.setPosition({ lineNumber: target, column: 1 });
                const holder = editor.__rcReveal || (editor.__rcReveal = editor.createDecorationsCollection());
                holder.set([{ range: new monaco.Range(target, 1, target, 1), options: { isWholeLine: true, className: 'rc-reveal-line' } }]);
                const host = document.getElementById(diffId);
                if (host) {
                    host.setAttribute('data-revealed', side + ':' + target);
                }
            }
        },

        jsonEditor: {
            // Binds an editor's model to a schema (completion and as-you-type errors) and sets the theme.
            attach: function (editorId, schemaId, schemaJson, dark) {
                const editor = editorOf(editorId);
                if (!editor) {
                    return false;
                }
                monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
                if (schemaId) {
                    if (!schemas[schemaId] && schemaJson) {
                        schemas[schemaId] = JSON.parse(schemaJson);
                    }
                    bindings[editor.getModel().uri.toString()] = schemaId;
                    applySchemas();
                }
                return true;
            },

            detach: function (editorId) {
                const editor = editorOf(editorId);
                if (editor && editor.getModel()) {
                    const uri = editor.getModel().uri.toString();
                    if (bindings[uri]) {
                        delete bindings[uri];
                        applySchemas();
                    }
                }
            },

            // markers: [{ line, message }] from the server's validation, each underlining the whole line it names.
            setMarkers: function (editorId, markers) {
                const editor = editorOf(editorId);
                if (!editor || !editor.getModel()) {
                    return;
                }
                const model = editor.getModel();
                const lineCount = model.getLineCount();
                monaco.editor.setModelMarkers(model, 'server', (markers || []).map(function (m) {
                    const line = Math.min(Math.max(1, m.line), lineCount);
                    return {
                        startLineNumber: line,
                        startColumn: Math.max(1, model.getLineFirstNonWhitespaceColumn(line)),
                        endLineNumber: line,
                        endColumn: model.getLineMaxColumn(line),
                        message: m.message,
                        severity: monaco.MarkerSeverity.Error,
                        source: 'server'
                    };
                }));
                if (markers && markers.length > 0) {
                    editor.revealLineInCenterIfOutsideViewport(Math.min(Math.max(1, markers[0].line), lineCount));
                }
            },

            // Scrolls an editor into the middle of the view, puts the cursor at the start of a line and focuses it.
            reveal: function (editorId, line) {
                const editor = editorOf(editorId);
                if (!editor || !editor.getModel()) {
                    return false;
                }
                const target = Math.min(Math.max(1, line), editor.getModel().getLineCount());
                const host = document.getElementById(editorId);
                if (host) {
                    host.scrollIntoView({ block: 'center' });
                }
                editor.revealLineInCenter(target);
                editor.setPosition({ lineNumber: target, column: Math.max(1, editor.getModel().getLineFirstNonWhitespaceColumn(target)) });
                editor.focus();
                return true;
            },

            setTheme: function (dark) {
                if (typeof monaco !== 'undefined') {
                    monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
                }
            },

            setReadOnly: function (editorId, readOnly) {
                const editor = editorOf(editorId);
                if (editor) {
                    editor.updateOptions({ readOnly: readOnly });
                }
            }
        }
    };
})();
