namespace Drivers.Em73xx.Sim;

/// <summary>Attempts left before each SIM code locks (<c>AT+XPINCNT</c>).</summary>
/// <param name="Pin">PIN attempts left (3 when none failed).</param>
/// <param name="Pin2">PIN2 attempts left.</param>
/// <param name="Puk">PUK attempts left (10 when none failed).</param>
/// <param name="Puk2">PUK2 attempts left.</param>
public readonly record struct PinRetries(int Pin, int Pin2, int Puk, int Puk2);
