using Microsoft.Playwright;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>
/// Base of the browser flows: pages opened through it are closed after the test, and when the test failed each one is
/// saved as <c>screenshots/failures/&lt;test&gt;-&lt;n&gt;.png</c> so the failure can be seen, not guessed.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];

    protected BrowserFixture Fixture => fixture;

    protected RegistryApi Api => fixture.Api;

    protected async Task<IPage> NewPageAsync() => Track(await fixture.NewPageAsync());

    protected async Task<IPage> SignedInPageAsync(ConsoleUser user) => Track(await fixture.SignedInPageAsync(user));

    protected Task<IPage> AdminPageAsync() => SignedInPageAsync(ConsoleUsers.Admin);

    protected static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png"), FullPage = true });

    protected static void Log(string message) => TestContext.Current.SendDiagnosticMessage(message);

    private IPage Track(IPage page)
    {
        _pages.Add(page);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result == TestResult.Failed;
        var name = TestContext.Current.Test?.TestCase.TestMethod?.MethodName ?? GetType().Name;
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            if (failed && !page.IsClosed)
            {
                try
                {
                    Directory.CreateDirectory(BrowserFixture.FailureFolder);
                    await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.FailureFolder, $"{name}-{i}.png"), FullPage = true, Timeout = 5_000 });
                }
                catch (PlaywrightException)
                {
                    // The page may be gone with the failure; the test's own message says what happened.
                }
            }

            await page.Context.CloseAsync();
        }

        GC.SuppressFinalize(this);
    }
}
