// The tests drive Linux tools (systemd-analyze, Debian's Jupyter) and check Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
