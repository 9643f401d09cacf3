using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace RegistryConsole.Core.Persistence;

/// <summary>
/// One hot, read-only EF query on SQLite, run as a statement prepared once per connection. Microsoft.Data.Sqlite prepares
/// a command's SQL again on every execution (it keeps prepared statements per command object, and EF creates a command
/// per call; dotnet/efcore#14044); for get-server at 100,000 servers that was a fifth of the request's CPU.
/// Nothing here is written by hand: the SQL is EF's own (<see cref="EntityFrameworkQueryableExtensions.ToQueryString"/>
/// of the query, with sentinel arguments to find its parameters) and rows are materialised through the model's type
/// mappings and value converters (<see cref="RowMaterializer{T}"/>), so the result equals the EF query's untracked one;
/// a projection beside an entity reads its extra columns with a reader of its own, checked against EF's column names.
/// Connections are kept open in a bounded pool; when all are busy the caller is told to use EF.
/// </summary>
internal sealed class SqlitePreparedQuery<T> : IDisposable
    where T : class
{
    private readonly PreparedSql _sql;
    private readonly Func<DbDataReader, T> _read;
    private readonly SqlitePreparedStatements _statements;

    private SqlitePreparedQuery(string connectionString, PreparedSql sql, Func<DbDataReader, T> read, int maxConnections)
    {
        _sql = sql;
        _read = read;
        _statements = new SqlitePreparedStatements(connectionString, maxConnections);
    }

    /// <summary>
    /// Builds the statement from <paramref name="query"/> called with <paramref name="sentinels"/> (distinct strings that
    /// appear nowhere else in the SQL); the statement's parameters then take the arguments in the sentinels' order.
    /// </summary>
    public static SqlitePreparedQuery<T> Create(RegistryDbContext db, string connectionString, Func<RegistryDbContext, string[], IQueryable<T>> query, int arguments, int maxConnections)
    {
        var materializer = new RowMaterializer<T>(db.Model.FindEntityType(typeof(T))!);
        return Create(db, connectionString, query, arguments, maxConnections, materializer.Read);
    }

    /// <summary>
    /// As <see cref="Create(RegistryDbContext, string, Func{RegistryDbContext, string[], IQueryable{T}}, int, int)"/> for a
    /// query of another shape (a projection), whose rows <paramref name="read"/> turns into <typeparamref name="T"/>.
    /// </summary>
    public static SqlitePreparedQuery<T> Create(RegistryDbContext db, string connectionString, Func<RegistryDbContext, string[], IQueryable> query, int arguments, int maxConnections, Func<DbDataReader, T> read)
    {
        var sentinels = Enumerable.Range(0, arguments).Select(PreparedSql.TextSentinel).ToArray();
        return new SqlitePreparedQuery<T>(connectionString, PreparedSql.Of(query(db, sentinels), sentinels), read, maxConnections);
    }

    /// <summary>The first row, or null; <c>Busy</c> when every pooled connection is in use (the caller falls back to EF).</summary>
    public async Task<(bool Busy, T? Row)> FirstOrDefaultAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var (busy, rows) = await _statements.ListAsync(_sql, arguments, _read, cancellationToken, maxRows: 1);
        return (busy, rows.Count == 0 ? null : rows[0]);
    }

    public void Dispose() => _statements.Dispose();
}

/// <summary>
/// Reads an entity from a row by the model: each column is matched to its property by column name, read with the
/// provider type mapping's own reader method and converted with the property's value converter, as EF's shaper does.
/// The entity's columns come first; <paramref name="extraColumns"/> more may follow them (a projection's other values,
/// which the caller reads).
/// </summary>
internal sealed class RowMaterializer<T>(IEntityType entityType, int extraColumns = 0)
    where T : class
{
    private readonly Func<T> _create = Expression.Lambda<Func<T>>(Expression.New(typeof(T))).Compile();
    private readonly Dictionary<string, Column> _byName = entityType.GetProperties().ToDictionary(p => p.GetColumnName(), Column.For, StringComparer.Ordinal);
    private Column[]? _ordered;

    /// <summary>The number of columns the entity's properties take, at the start of the row.</summary>
    public int Columns => _byName.Count;

    public T Read(DbDataReader reader)
    {
        var columns = _ordered ??= Order(reader);
        var entity = _create();
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i].Set(entity, reader, i);
        }

        return entity;
    }

    private Column[] Order(DbDataReader reader)
    {
        if (reader.FieldCount != _byName.Count + extraColumns)
        {
            throw new InvalidOperationException($"The query does not read every column of {typeof(T).Name}.");
        }

        var ordered = Enumerable.Range(0, _byName.Count)
            .Select(i => _byName.TryGetValue(reader.GetName(i), out var column) ? column : throw new InvalidOperationException($"Column {reader.GetName(i)} is not mapped on {typeof(T).Name}."))
            .ToArray();
        return ordered.Distinct().Count() == ordered.Length ? ordered : throw new InvalidOperationException($"The query reads a column of {typeof(T).Name} twice.");
    }

    /// <summary>
    /// One column's setter, compiled once: <c>entity.Property = reader.IsDBNull(i) ? default : convert(reader.GetX(i))</c>,
    /// with the converter's own typed expression inlined, so a row costs no boxing, no object-typed converter and no
    /// reflection (each showed in get-server's profile; docs/performance.md, round 10). A null column sets the
    /// property's default, as EF does for a converter that does not convert nulls; a required column is read without the
    /// null test (round 11: a page of 25 servers made 625 of them, each a call into SQLite).
    /// </summary>
    private sealed class Column(Action<T, DbDataReader, int> set)
    {
        private static readonly System.Reflection.MethodInfo IsDBNull = typeof(DbDataReader).GetMethod(nameof(DbDataReader.IsDBNull), [typeof(int)])!;

        public static Column For(IProperty property)
        {
            var mapping = (RelationalTypeMapping)property.GetTypeMapping();
            var clrProperty = property.PropertyInfo ?? throw new InvalidOperationException($"{property.Name} has no CLR property.");
            var entity = Expression.Parameter(typeof(T));
            var reader = Expression.Parameter(typeof(DbDataReader));
            var ordinal = Expression.Parameter(typeof(int));

            Expression value = Expression.Call(reader, mapping.GetDataReaderMethod(), ordinal);
            var providerType = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
            value = ConvertIfNeeded(value, providerType);
            if (mapping.Converter is { } converter)
            {
                var fromProvider = converter.ConvertFromProviderExpression;
                value = Expression.Invoke(fromProvider, ConvertIfNeeded(value, fromProvider.Parameters[0].Type));
            }

            // A column that cannot hold NULL is read without asking (as EF's shaper does): each question is a call into SQLite.
            var target = Expression.Property(entity, clrProperty);
            var assign = Expression.Assign(target, ConvertIfNeeded(value, clrProperty.PropertyType));
            Expression body = property.IsNullable
                ? Expression.Condition(Expression.Call(reader, IsDBNull, ordinal), Expression.Assign(target, Expression.Default(clrProperty.PropertyType)), assign)
                : assign;
            return new Column(Expression.Lambda<Action<T, DbDataReader, int>>(body, entity, reader, ordinal).Compile());
        }

        public void Set(T entity, DbDataReader reader, int ordinal) => set(entity, reader, ordinal);

        private static Expression ConvertIfNeeded(Expression value, Type type) => value.Type == type ? value : Expression.Convert(value, type);
    }
}

/// <summary>
/// EF's own SQL of a query (<see cref="EntityFrameworkQueryableExtensions.ToQueryString"/>) built with sentinel
/// arguments, and the parameter each argument became: a text sentinel (<see cref="TextSentinel"/>) is found in its
/// parameter's value, a number sentinel (<see cref="NumberSentinel"/>) is its parameter's value. A query with a
/// parameter that is no argument, or an argument that became no parameter, is refused rather than bound wrongly.
/// </summary>
internal sealed record PreparedSql(string Sql, string[] ParameterNames, SqliteType[] ParameterTypes)
{
    private const string ParamLine = ".param set ";

    public static string TextSentinel(int index) => $"\u0001sentinel{index}\u0001";

    public static int NumberSentinel(int index) => 1_987_654_301 + index;

    public static PreparedSql Of(IQueryable query, object[] sentinels)
    {
        var lines = query.ToQueryString().Split('\n');
        var names = new string[sentinels.Length];
        foreach (var line in lines.Where(l => l.StartsWith(ParamLine, StringComparison.Ordinal)))
        {
            // ".param set @name value"
            var rest = line[ParamLine.Length..].TrimEnd('\r');
            var space = rest.IndexOf(' ', StringComparison.Ordinal);
            var value = space < 0 ? string.Empty : rest[(space + 1)..];
            var index = Array.FindIndex(sentinels, s => s switch
            {
                string text => value.Contains(text, StringComparison.Ordinal),
                int number => value == number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => throw new ArgumentException($"A sentinel is text or a number, not {s.GetType().Name}.", nameof(sentinels)),
            });
            if (space < 0 || index < 0)
            {
                throw new InvalidOperationException($"Unexpected parameter line in the query: {line}");
            }

            names[index] = rest[..space];
        }

        if (names.Any(n => n is null))
        {
            throw new InvalidOperationException("Not every argument became a parameter of the query.");
        }

        var sql = string.Join('\n', lines.Where(l => !l.StartsWith(ParamLine, StringComparison.Ordinal))).Trim();
        return new PreparedSql(sql, names, [.. sentinels.Select(s => s is int ? SqliteType.Integer : SqliteType.Text)]);
    }
}
