using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using RegistryConsole.Components.Layout;

namespace RegistryConsole.Tests.Unit.Components.Layout;

/// <summary>
/// Issue 13 item 10: the static sign-in layout renders the theme the console stored (its cookie); with none stored it sets
/// no theme class, and the stylesheet's <c>color-scheme: light dark</c> follows the system.
/// </summary>
public sealed class AccountLayoutTests : ConsoleTestContext
{
    private IRenderedComponent<AccountLayout> RenderWithCookie(string? cookie)
    {
        var http = new DefaultHttpContext();
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = cookie;
        }

        return Render<AccountLayout>(p => p
            .AddCascadingValue(http)
            .Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "sign-in form"))));
    }

    [Theory]
    [InlineData("rc-theme=dark", "theme-dark")]
    [InlineData("rc-theme=light", "theme-light")]
    [InlineData("other=1; rc-theme=dark", "theme-dark")]
    public void AccountLayout_StoredChoice_IsRendered(string cookie, string expectedClass)
    {
        var cut = RenderWithCookie(cookie);

        var root = cut.Find("[data-testid=account-page]");
        Assert.Contains(expectedClass, root.ClassList);
        Assert.Contains("sign-in form", root.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("rc-theme=purple")]
    public void AccountLayout_NothingUsableStored_FollowsTheSystem(string? cookie)
    {
        var cut = RenderWithCookie(cookie);

        var root = cut.Find("[data-testid=account-page]");
        Assert.Contains("account-page", root.ClassList);
        Assert.DoesNotContain("theme-dark", root.ClassList);
        Assert.DoesNotContain("theme-light", root.ClassList);
    }
}
