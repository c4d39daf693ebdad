namespace Hypersweep.Space;

/// <summary>
/// When a parameter of a conditional search space exists: only while <paramref name="Parent"/>, a <c>choice</c>
/// parameter declared before it, is itself active and has the value <paramref name="Value"/> (e.g. <c>momentum</c>
/// only when <c>optimizer</c> is <c>sgd</c>). A trial whose parameters do not meet the condition has no value for the
/// parameter at all: it is absent from the trial's parameters, arguments and environment.
/// </summary>
/// <param name="Parent">The name of the choice parameter it depends on.</param>
/// <param name="Value">The value of the parent under which it exists.</param>
public sealed record ParameterCondition(string Parent, ParameterValue Value)
{
    /// <summary>The condition as people read it: <c>optimizer = sgd</c>.</summary>
    public override string ToString() => $"{Parent} = {Value}";
}
