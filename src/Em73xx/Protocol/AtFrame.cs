namespace Drivers.Em73xx.Protocol;

/// <summary>One frame cut from the modem's byte stream by <see cref="AtFramer"/>.</summary>
/// <param name="Kind">What the frame is.</param>
/// <param name="Text">The line or body, without its line end; for <see cref="AtFrameKind.Garbage"/>, what was wrong with it.</param>
/// <param name="Result">For a final result: which one (<see cref="AtLineKind.Ok"/>, <see cref="AtLineKind.CmeError"/>...).</param>
/// <param name="Code">For <c>+CME ERROR</c>/<c>+CMS ERROR</c>: the code, also when the modem gave its text; -1 otherwise or when unknown.</param>
internal readonly record struct AtFrame(AtFrameKind Kind, string Text, AtLineKind Result = AtLineKind.Information, int Code = -1);
