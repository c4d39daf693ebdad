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

    /// <summary>A command for the SQL with the named parameters (null values become typed NULLs).</summary>
    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _commandFor(sql);
        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            if (value is null)
            {
                p.DbType = name switch
                {
                    "@exit" or "@pid" => DbType.Int32,
                    "@retry" or "@resumed" or "@step" => DbType.Int64,
                    "@value" => DbType.Double,
                    _ => DbType.String,
                };
            }

            command.Parameters.Add(p);
        }

        return command;
    }
}
