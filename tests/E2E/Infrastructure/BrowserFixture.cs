using System.Collections.Concurrent;
using Microsoft.Playwright;
using RegistryConsole.Tests.E2E.Pages;

namespace RegistryConsole.Tests.E2E.Infrastructure;

/// <summary>One app and one Chromium for the whole E2E run; each test gets its own browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly ConcurrentDictionary<string, string> _signedIn = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? _playwright;

    public ConsoleAppFactory App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The REST API with the bootstrap admin key.</summary>
    public RegistryApi Api { get; private set; } = null!;

    /// <summary>Where screenshots go: the test output folder, so CI and reviewers can look at them.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Screenshots of the pages of failed tests (emptied at the start of a run).</summary>
    public static string FailureFolder { get; } = Path.Combine(ScreenshotFolder, "failures");

    public async ValueTask InitializeAsync()
    {
        App.Start();
        Api = new RegistryApi(App.BaseUrl, ConsoleAppFactory.AdminKey);
        Directory.CreateDirectory(ScreenshotFolder);
        if (Directory.Exists(FailureFolder))
        {
            Directory.Delete(FailureFolder, recursive: true);
        }

        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Chromium as this machine has it (never a downloaded one).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ChromiumArgs,
    });

    /// <summary>A page in a fresh context: no cookies, nobody signed in.</summary>
    public Task<IPage> NewPageAsync() => NewPageAsync(Browser, App.BaseUrl, storageState: null);

    /// <summary>
    /// A page whose context is signed in as <paramref name="user"/>. The first call per user signs in through the sign-in
    /// page; later calls reuse that session's cookies, so only the sign-in test pays for the form every time.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(ConsoleUser user)
    {
        if (_signedIn.TryGetValue(user.Email, out var state))
        {
            return await NewPageAsync(Browser, App.BaseUrl, state);
        }

        var page = await NewPageAsync();
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInAsync(user.Email, user.Password);
        await login.WaitUntilSignedInAsync();
        _signedIn[user.Email] = await page.Context.StorageStateAsync();
        return page;
    }

    public static async Task<IPage> NewPageAsync(IBrowser browser, string baseUrl, string? storageState)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 720 },
            StorageState = storageState,
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
