using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// A compiled query for each EF model it meets. A compiled query refuses a context of another model than the one it
/// first ran on; a process may hold several (SQLite and PostgreSQL, or contexts built with other interceptors in tests),
/// so each model gets its own compilation, looked up by the model instance (no lock after the first call).
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile)
    where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
