using System.Text.RegularExpressions;

namespace RegistryConsole.Tests.Unit.Infrastructure;

/// <summary>The console's sign-in form, posted as a browser posts it.</summary>
public static partial class RegistryApi
{
    public const string SignInPath = "/account/login";

    /// <summary>
    /// The sign-in POST a browser sends: the anti-forgery token read from the form page first (with this client, so its
    /// cookie container holds the matching cookie). The caller sends it (and may add headers first).
    /// </summary>
    public static async Task<HttpRequestMessage> SignInRequestAsync(this HttpClient client, string email, string password, string? returnUrl = null)
    {
        var form = await client.GetStringAsync(SignInPath, Ct);
        return new HttpRequestMessage(HttpMethod.Post, SignInPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = AntiforgeryTokenPattern().Match(form).Groups[1].Value,
                ["returnUrl"] = returnUrl ?? "/",
                ["Input.Email"] = email,
                ["Input.Password"] = password,
            }),
        };
    }

    /// <summary>Signs in through the console's form; returns the answer (a redirect when it worked).</summary>
    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password, string? returnUrl = null) =>
        await client.SendDisposingAsync(await client.SignInRequestAsync(email, password, returnUrl));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryTokenPattern();
}
