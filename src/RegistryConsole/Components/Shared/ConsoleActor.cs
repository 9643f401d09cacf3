using System.Runtime.CompilerServices;
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
            : this(provider, new StrongBox<Source?>())
        {
        }

        // The state is read lazily, when the first component asks: the provider refuses to answer outside a component's scope.
        private Source(AuthenticationStateProvider provider, StrongBox<Source?> self)
            : base(() => Current(provider, self.Value!), isFixed: false)
        {
            self.Value = this;
            _provider = provider;
            _provider.AuthenticationStateChanged += OnChanged;
        }

        public void Dispose() => _provider.AuthenticationStateChanged -= OnChanged;

        // The server sets the state before the first render; were it still pending, the actor follows when it is known.
        private static Actor? Current(AuthenticationStateProvider provider, Source self)
        {
            var state = provider.GetAuthenticationStateAsync();
            if (state.IsCompletedSuccessfully)
            {
                return state.Result.User.ToActor();
            }

            self.OnChanged(state);
            return null;
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
