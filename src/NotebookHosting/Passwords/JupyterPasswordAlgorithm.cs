namespace Drivers.NotebookHosting.Passwords;

/// <summary>The hash forms Jupyter's <c>passwd</c> writes and <c>passwd_check</c> reads.</summary>
public enum JupyterPasswordAlgorithm
{
    /// <summary>
    /// <c>argon2:$argon2id$v=19$m=10240,t=10,p=8$salt$hash</c>: Jupyter's default since notebook 6.1
    /// and in every Jupyter Server. Use it unless the server is older.
    /// </summary>
    Argon2,

    /// <summary>
    /// <c>sha1:salt:hexdigest</c>, one unsalted-iteration SHA-1: the only form notebook before 6.1
    /// understands. Deprecated and cheap to brute-force; only for those old servers.
    /// </summary>
    Sha1,
}
