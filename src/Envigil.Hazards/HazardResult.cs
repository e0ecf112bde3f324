namespace Envigil.Hazards;

public enum HazardFailureKind
{
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>A message in both UI languages.</summary>
public sealed record Message(string Vi, string En)
{
    public string For(bool english) => english ? En : Vi;
}

public sealed record HazardFailure(HazardFailureKind Kind, IReadOnlyList<Message> Errors)
{
    public static HazardFailure Invalid(params Message[] errors) => new(HazardFailureKind.Invalid, errors);
    public static HazardFailure NotFound(string vi, string en) => new(HazardFailureKind.NotFound, [new(vi, en)]);
    public static HazardFailure Forbidden(string vi, string en) => new(HazardFailureKind.Forbidden, [new(vi, en)]);
    public static HazardFailure Conflict(string vi, string en) => new(HazardFailureKind.Conflict, [new(vi, en)]);
}

/// <summary>A result or the reason there is none.</summary>
public readonly record struct HazardResult<T>(T? Value, HazardFailure? Failure)
{
    public static implicit operator HazardResult<T>(T value) => new(value, null);
    public static implicit operator HazardResult<T>(HazardFailure failure) => new(default, failure);
}
