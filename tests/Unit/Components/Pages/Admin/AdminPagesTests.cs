using Bunit;
using RegistryConsole.Components.Pages.Admin;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Tests.Unit.Components.Pages.Admin;

/// <summary>The Users page (finding 1 of issue 8).</summary>
public sealed class UsersPageTests : ConsoleTestContext
{
    private FakeUserService UsersFake => Users;

    public UsersPageTests() => SignInAs(Role.Admin);

    [Fact]
    public void Users_ListsEveryUserWithStatusMarkers()
    {
        UsersFake.Users.Add(FakeUserService.User("ann@x.test", RoleNames.Admin));
        UsersFake.Users.Add(FakeUserService.User("bob@x.test", RoleNames.Editor, disabled: true, lockedOut: true));

        var cut = Render<UsersPage>();

        Assert.Equal(["ann@x.test", "bob@x.test"], cut.FindAll("[data-testid=user-email]").Select(e => e.TextContent));
        var bob = cut.FindAll("[data-testid=user-status]")[1].TextContent;
        Assert.Contains("disabled", bob, StringComparison.Ordinal);
        Assert.Contains("locked out", bob, StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=unlock-user]"));
        Assert.Single(cut.FindAll("[data-testid=enable-user]"));
    }

    [Fact]
    public void Users_Disable_SendsDisabledTrueForThatUserAndShowsEnable()
    {
        UsersFake.Users.Add(FakeUserService.User("eve@x.test", RoleNames.Editor));
        RenderSnackbarHost();
        var cut = Render<UsersPage>();

        cut.Find("[data-testid=disable-user]").Click();

        var (id, body) = Assert.Single(UsersFake.Modified);
        Assert.Equal("id-eve@x.test", id);
        Assert.Equal("""{"disabled":true}""", body.ToJsonString());
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=enable-user]")));
    }

    [Fact]
    public void Users_Create_SendsTheFourFieldsAndListsTheNewUser()
    {
        RenderSnackbarHost();
        var cut = Render<UsersPage>();

        cut.Find("[data-testid=new-email]").Change("rita@x.test");
        cut.Find("[data-testid=new-display-name]").Change("Rita");
        cut.Find("[data-testid=new-password]").Change("Initial-Passw0rd!");
        cut.Find("[data-testid=create-user-submit]").Click();

        var body = Assert.Single(UsersFake.Created);
        Assert.Equal("rita@x.test", body["email"]!.GetValue<string>());
        Assert.Equal("Rita", body["display_name"]!.GetValue<string>());
        Assert.Equal("viewer", body["role"]!.GetValue<string>());
        Assert.Equal("Initial-Passw0rd!", body["password"]!.GetValue<string>());
        cut.WaitForAssertion(() => Assert.Contains("rita@x.test", cut.FindAll("[data-testid=user-email]").Select(e => e.TextContent)));
    }

    [Fact]
    public void Users_ResetPassword_AsksForAPasswordThenSendsIt()
    {
        UsersFake.Users.Add(FakeUserService.User("eve@x.test", RoleNames.Editor));
        RenderSnackbarHost();
        var cut = Render<UsersPage>();

        cut.Find("[data-testid=reset-user]").Click();
        cut.Find("[data-testid=reset-password-value]").Change("Temporary-Passw0rd!");
        cut.Find("[data-testid=reset-password-submit]").Click();

        var (_, body) = Assert.Single(UsersFake.Modified);
        Assert.Equal("""{"password":"Temporary-Passw0rd!"}""", body.ToJsonString());
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=reset-password]")));
    }
}

/// <summary>The API keys page (finding 2 of issue 8).</summary>
public sealed class ApiKeysPageTests : ConsoleTestContext
{
    private FakeApiKeyService KeysFake => ApiKeys;

    public ApiKeysPageTests() => SignInAs(Role.Admin);

    [Fact]
    public void ApiKeys_ListMarksNeverUsedAndExpiredKeysAndNamesWhomTheyAreIssuedTo()
    {
        KeysFake.Keys.Add(FakeApiKeyService.Key("fresh"));
        KeysFake.Keys.Add(FakeApiKeyService.Key("stale", lastUsed: new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc), expired: true, issuedTo: "Pat"));

        var cut = Render<ApiKeysPage>();

        Assert.Single(cut.FindAll("[data-testid=never-used]"));
        Assert.Single(cut.FindAll("[data-testid=expired]"));
        Assert.Contains("Pat", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("service key", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeys_Create_ShowsThePlainKeyOnceInADialogWithCopyAndWarning()
    {
        var host = RenderDialogHost();
        var cut = Render<ApiKeysPage>();

        cut.Find("[data-testid=key-name]").Change("ci");
        cut.Find("[data-testid=create-key-submit]").Click();

        host.WaitForAssertion(() => Assert.NotNull(host.Find("[data-testid=new-key-dialog]")));
        Assert.Equal("rck_AbcdTheWholeSecretKeyShownOnce", host.Find("[data-testid=new-key-value]").GetAttribute("value"));
        Assert.Contains("shown this once", host.Find("[data-testid=key-warning]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(host.Find("[data-testid=copy-key]"));
        Assert.Equal("""{"name":"ci","role":"viewer"}""", Assert.Single(KeysFake.Created).ToJsonString());
        Assert.DoesNotContain("TheWholeSecretKey", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ApiKeys_Revoke_AsksForConfirmationFirst()
    {
        KeysFake.Keys.Add(FakeApiKeyService.Key("victim"));
        var host = RenderDialogHost();
        var cut = Render<ApiKeysPage>();

        cut.Find("[data-testid=revoke-key]").Click();

        host.WaitForAssertion(() => Assert.Contains("Revoke API key?", host.Markup, StringComparison.Ordinal));
        Assert.Empty(KeysFake.Revoked);
        host.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        cut.WaitForAssertion(() => Assert.Equal(["id-victim"], KeysFake.Revoked));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=revoked]")));
    }
}
