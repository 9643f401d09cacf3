using MudBlazor;

namespace RegistryConsole.Components.Layout;

public static class ConsoleTheme
{
    /// <summary>Name of the cascading bool that tells components (the JSON editors) the dark theme is on.</summary>
    public const string IsDarkModeCascade = "IsDarkMode";

    /// <summary>
    /// The user's stored choice ("dark" or "light"): kept by the console's theme button in localStorage and, under the same
    /// name, in a cookie (registry-console.js) so the static sign-in page can render it on the server. No choice stored:
    /// the pages follow the system (<c>prefers-color-scheme</c>).
    /// </summary>
    public const string StorageKey = "rc-theme";

    /// <summary>The sign-in page's theme class for a stored choice: <c>theme-dark</c>, <c>theme-light</c>, or null to follow the system.</summary>
    public static string? AccountThemeClass(string? storedChoice) => storedChoice switch
    {
        "dark" => "theme-dark",
        "light" => "theme-light",
        _ => null,
    };

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3b5bdb",
            AppbarBackground = "#1f2a44",
            AppbarText = "#ffffff",
            Background = "#f6f7fb",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7c9cff",
            AppbarBackground = "#1a1d29",
        },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "220px" },
    };
}
