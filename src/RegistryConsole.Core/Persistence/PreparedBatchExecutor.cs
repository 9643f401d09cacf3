using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace RegistryConsole.Core.Persistence;

#pragma warning disable EF1001 // EF's own BatchExecutor, unchanged but for where its batches come from (see the summary).

/// <summary>
/// EF's batch executor (SQLite), which runs the batches a save prepared before its turn when it has them
/// (<see cref="RegistryDbContext.PrepareGroupedSave"/>), else the ones EF builds as it goes. Only the synchronous path:
/// the group's writer runs every grouped save synchronously, and no other save has prepared batches.
/// </summary>
/// <remarks>
/// A grouped save (<see cref="SqliteGroupCommit"/>) runs in the file's one writer, one save after the other, and EF builds
/// a save's batches lazily while it executes them: the SQL text, the parameters, each JSON column serialized, the order of
/// the commands. That was over half of the writer's own time per save. The caller builds them on its own thread instead
/// (the pending changes are fixed by then: detected and stamped), so the writer only executes them. Everything else
/// about the save is EF's: the transaction it joins, the interceptors, reading back rows affected and concurrency
/// checks, the exceptions it throws.
/// </remarks>
internal sealed class PreparedBatchExecutor(ICurrentDbContext currentContext, IDiagnosticsLogger<DbLoggerCategory.Update> updateLogger) : Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor(currentContext, updateLogger)
{
    public override int Execute(IEnumerable<ModificationCommandBatch> commandBatches, IRelationalConnection connection) =>
        base.Execute((CurrentContext.Context as RegistryDbContext)?.TakePreparedBatches() ?? commandBatches, connection);
}
