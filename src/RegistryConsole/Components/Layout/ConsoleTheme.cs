using MudBlazor;

namespace RegistryConsole.Components.Layout;

public static class ConsoleTheme
{
    /// <summary>Name of the cascading bool that tells components (the JSON editors) the dark theme is on.</summary>
    public const string IsDarkModeCascade = "IsDarkMode";

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
