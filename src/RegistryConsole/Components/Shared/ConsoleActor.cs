using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using RegistryConsole.Auth;
using RegistryConsole.Core.Access;

namespace RegistryConsole.Components.Shared;

/// <summary>
/// The signed-in <see cref="Actor"/> as a cascading value for every component (<c>[CascadingParameter] public Actor? Actor</c>),
/// read once per circuit from the authentication state and updated when it changes (sign-in, revalidation), so no page
/// turns claims into an actor itself. Null when nobody is signed in or the claims carry no console role.
/// </summary>
public static class ConsoleActor
{
    public static IServiceCollection AddConsoleActor(this IServiceCollection services) =>
        services.AddCascadingValue(provider => (CascadingValueSource<Actor?>)new Source(provider.GetRequiredService<AuthenticationStateProvider>()));

    private sealed class Source : CascadingValueSource<Actor?>, IDisposable
    {
        private readonly AuthenticationStateProvider _provider;

        public Source(AuthenticationStateProvider provider)
            : base(() => Current(provider), isFixed: false)
        {
            _provider = provider;
            _provider.AuthenticationStateChanged += OnChanged;
            if (Pending(provider) is { } pending)
            {
                OnChanged(pending);
            }
        }

        // A static server-rendered page (sign-in) builds its renderer before the request's state is set: the provider
        // refuses then, and the value is read later, when a component asks for it.
        private static Task<AuthenticationState>? Pending(AuthenticationStateProvider provider)
        {
            try
            {
                return provider.GetAuthenticationStateAsync() is { IsCompleted: false } pending ? pending : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        public void Dispose() => _provider.AuthenticationStateChanged -= OnChanged;

        // The server sets the state before the first render; were it still pending, the constructor waits for it.
        private static Actor? Current(AuthenticationStateProvider provider)
        {
            var state = provider.GetAuthenticationStateAsync();
            return state.IsCompletedSuccessfully ? state.Result.User.ToActor() : null;
        }

        private async void OnChanged(Task<AuthenticationState> state)
        {
            try
            {
                await NotifyChangedAsync((await state).User.ToActor());
            }
            catch (OperationCanceledException)
            {
                // The circuit ended while the state was changing; nobody is left to tell.
            }
        }
    }
}
