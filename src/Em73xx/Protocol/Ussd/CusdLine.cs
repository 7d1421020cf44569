namespace Drivers.Em73xx.Protocol.Ussd;

/// <summary>The fields of <c>+CUSD: &lt;m&gt;[,&lt;str&gt;[,&lt;dcs&gt;]]</c> (TS 27.007 7.15), the string still as the modem wrote it.</summary>
/// <param name="Status"><c>&lt;m&gt;</c>: 0 done, 1 the network waits for a reply, 2 ended by the network, 3 answered by another client, 4 not supported, 5 network timeout.</param>
/// <param name="Data"><c>&lt;str&gt;</c> without its quotes, or null when absent.</param>
/// <param name="Dcs"><c>&lt;dcs&gt;</c>, the CBS data coding scheme (TS 23.038 5), or null when absent.</param>
internal readonly record struct CusdLine(int Status, string? Data, int? Dcs);
