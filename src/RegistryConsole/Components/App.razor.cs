using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.Routing;

namespace RegistryConsole.Components;

public sealed partial class App
{
    /// <summary>
    /// Console pages run interactively on the server without prerendering (each page loads its data once, after the
    /// circuit is up); account pages opt out with <c>[ExcludeFromInteractiveRouting]</c> and stay static SSR.
    /// </summary>
    public static readonly IComponentRenderMode ConsoleRenderMode = new InteractiveServerRenderMode(prerender: false);

    [CascadingParameter]
    public HttpContext HttpContext { get; set; } = default!;

    private IComponentRenderMode? PageRenderMode => HttpContext.AcceptsInteractiveRouting() ? ConsoleRenderMode : null;
}
