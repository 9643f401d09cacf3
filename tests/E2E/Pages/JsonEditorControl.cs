using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Pages;

/// <summary>
/// One shared JsonEditor (Monaco) on a page, found by its wrapper. Typing goes in as one inserted text after select-all,
/// because Monaco auto-closes brackets and quotes when typed one character at a time. Give it JSON on one line: a
/// newline in inserted text gets Monaco's auto-indent and bracket completion (an extra "]" at the end). A page still on the plain
/// text-area stand-in is filled instead, so flows do not care which one a page has.
/// </summary>
public sealed class JsonEditorControl(IPage page, ILocator root)
{
    public ILocator Root => root;

    /// <summary>The server-side validation messages under the editor ("Line 3 (command): ...").</summary>
    public ILocator Errors => root.GetByTestId("json-editor-errors");

    private ILocator Monaco => root.Locator(".monaco-editor");

    private ILocator PlainText => root.Locator("textarea.json-textarea");

    private ILocator EitherEditor => root.Locator(".monaco-editor .view-lines, textarea.json-textarea").First;

    /// <summary>Waits until Monaco has drawn the editor (it loads after the circuit is up).</summary>
    public Task WaitForRenderedAsync() => EitherEditor.WaitForAsync();

    public async Task SetTextAsync(string json)
    {
        await EitherEditor.WaitForAsync();
        if (await PlainText.CountAsync() > 0)
        {
            await PlainText.FillAsync(json);
            return;
        }

        await Monaco.Locator(".view-lines").ClickAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.InsertTextAsync(json);
    }

    /// <summary>The editor's whole text (Monaco's model, not the rendered lines, which are virtualised).</summary>
    public async Task<string> TextAsync()
    {
        await EitherEditor.WaitForAsync();
        if (await PlainText.CountAsync() > 0)
        {
            return await PlainText.InputValueAsync();
        }

        return await Monaco.EvaluateAsync<string>(
            "el => monaco.editor.getEditors().find(e => el.contains(e.getDomNode()) || e.getDomNode() === el).getValue()");
    }
}
