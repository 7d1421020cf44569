namespace Drivers.NotebookHosting.Systemd;

/// <summary>The sandbox lines the single-user unit and the hub's unit share (systemd.exec(5)); each unit adds its own
/// privileges, writable paths and system-call exceptions around them.</summary>
internal static class SystemdHardening
{
    public const string Sandbox = """
        ProtectKernelTunables=yes
        ProtectKernelModules=yes
        ProtectKernelLogs=yes
        ProtectControlGroups=yes
        ProtectClock=yes
        ProtectHostname=yes
        ProtectProc=invisible
        RestrictSUIDSGID=yes
        RestrictRealtime=yes
        RestrictNamespaces=yes
        LockPersonality=yes
        RemoveIPC=yes
        RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
        SystemCallArchitectures=native
        SystemCallFilter=@system-service
        """;
}
