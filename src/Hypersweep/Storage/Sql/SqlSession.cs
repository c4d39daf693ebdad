using System.Data;
using System.Data.Common;

namespace Hypersweep.Storage;

/// <summary>One use of a store's connection (inside a transaction when writing): makes commands with parameters.</summary>
public sealed class SqlSession
{
    private readonly Func<string, DbCommand> _commandFor;

    internal SqlSession(DbConnection connection, DbTransaction? transaction, Func<string, DbCommand>? commandFor = null)
    {
        Connection = connection;
        Transaction = transaction;
        _commandFor = commandFor ?? (sql =>
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return command;
        });
    }

    /// <summary>The connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction, when writing.</summary>
    public DbTransaction? Transaction { get; }

    /// <summary>A command for the SQL with the named parameters (<see cref="SqlParameter.Param"/>), each with its type.</summary>
    public DbCommand Command(string sql, params SqlParameter[] parameters)
    {
        var command = _commandFor(sql);
        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var parameter in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = parameter.Name;
            p.Value = parameter.Value ?? DBNull.Value;
            if (parameter.Value is null)
            {
                p.DbType = parameter.Type;
            }

            command.Parameters.Add(p);
        }

        return command;
    }
}

/// <summary>
/// A named SQL parameter with the type of its value, so that a NULL is sent as a NULL of the column's type (PostgreSQL
/// wants one; before, the type was guessed from the parameter's name).
/// </summary>
/// <param name="Name">The name, e.g. <c>@id</c>.</param>
/// <param name="Value">The value; null for NULL.</param>
/// <param name="Type">The database type of the value (and of a NULL).</param>
public readonly record struct SqlParameter(string Name, object? Value, DbType Type)
{
    /// <summary>A parameter whose type is the static type of <paramref name="value"/> (a nullable type for a value that may be NULL).</summary>
    /// <exception cref="ArgumentException">The type has no database type here (<c>object</c>, say) and the value is null.</exception>
    public static SqlParameter Param<T>(string name, T value) => new(name, value, TypeOf(typeof(T), name, value is null));

    private static DbType TypeOf(Type type, string name, bool isNull) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => DbType.Int32,
        var t when t == typeof(long) => DbType.Int64,
        var t when t == typeof(double) => DbType.Double,
        var t when t == typeof(bool) => DbType.Boolean,
        var t when t == typeof(string) => DbType.String,
        _ when !isNull => DbType.Object,
        _ => throw new ArgumentException($"The NULL of parameter {name} has no database type (its static type is {type.Name}); pass a typed value.", nameof(name)),
    };
}
