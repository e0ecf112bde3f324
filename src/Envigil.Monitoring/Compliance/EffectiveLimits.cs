using Envigil.Monitoring.Registry;

namespace Envigil.Monitoring.Compliance;

/// <summary>
/// A limit written in a facility's environmental permit (GPMT). Values are absolute, as the permit states them:
/// no coefficient is applied to them. <paramref name="Lower"/> alone is a minimum, <paramref name="Upper"/> alone a maximum, both a range.
/// </summary>
/// <param name="Source">Where the value is written, e.g. "GPMT 12/GP-UBND 05/03/2024, Annex 2, item 3".</param>
public sealed record PermitLimit(string Parameter, double? Lower, double? Upper, string Unit, string Source);

/// <summary>What a facility's discharge limits rest on, as its permit states it.</summary>
/// <param name="RegulationId">The regulation the permit names, e.g. <c>QCVN40:2011</c>.</param>
/// <param name="Column">The column of that regulation (A, B; A/B/C for QCVN 19:2024).</param>
/// <param name="PermittedOn">
/// Date the facility's EIA, environmental permit or registration was approved or submitted (for a facility already operating,
/// the earliest such date). Decides whether it may keep an old regulation during a transition (TT 45/2024 Art. 3 [V]).
/// </param>
/// <param name="SuccessorColumn">The column under the successor regulation, used once the facility must switch.</param>
/// <param name="ReceivingWater">Receiving water for Kq (QCVN 40:2011); also decides the saline/brackish chloride exemption.</param>
/// <param name="DesignWastewaterM3PerDay">Permitted design discharge flow for Kf, m³/day (Facility.DesignWastewaterM3PerDay).</param>
/// <param name="DesignEmissionM3PerHour">Total design flue-gas flow of all stacks for Kp, m³/h (Facility.DesignEmissionM3PerHour).</param>
/// <param name="EmissionZone">Zone type "1"…"5" for Kv (QCVN 19:2009).</param>
/// <param name="SizeClass">"larger" or "smaller" for K (QCVN 14:2008), as the permit classifies the facility.</param>
/// <param name="Scope">Source category / capacity band of scoped rows (QCVN 19:2009 "chemical-plant").</param>
/// <param name="SuccessorScope">The same under the successor regulation (QCVN 19:2024 "2.4/&gt;1200MW"…).</param>
public sealed record LimitBasis(
    string RegulationId,
    string Column,
    DateOnly? PermittedOn,
    string? SuccessorColumn = null,
    ReceivingWater? ReceivingWater = null,
    double? DesignWastewaterM3PerDay = null,
    double? DesignEmissionM3PerHour = null,
    string? EmissionZone = null,
    string? SizeClass = null,
    string? Scope = null,
    string? SuccessorScope = null,
    IReadOnlyList<PermitLimit>? PermitLimits = null);

/// <summary>
/// The limit a parameter is judged against, with its arithmetic shown.
/// <see cref="Lower"/> is set for Min and Range, <see cref="Upper"/> for Max and Range.
/// </summary>
/// <param name="C">The regulation's table value for a Max or Min limit; null for ranges and for permit-only limits.</param>
/// <param name="Coefficients">The factors C was multiplied by, each with its value, band and citation; empty when none apply.</param>
/// <param name="Formula">The arithmetic as a person checks it, e.g. "Cmax = C × Kq × Kf = 150 × 0.9 × 1.1 = 148.5 mg/L".</param>
/// <param name="Source">The table, column and tag the value comes from, or the permit reference.</param>
/// <param name="Verified">True only when every ingredient (value, formula, coefficients, exemptions, transition) is verified [V], or the value is the permit's.</param>
/// <param name="FromPermit">True when a permit bound, being stricter, replaced the regulation's.</param>
public sealed record EffectiveLimit(
    string Parameter,
    LimitKind Kind,
    double? Lower,
    double? Upper,
    string Unit,
    double? C,
    IReadOnlyList<NamedFactor> Coefficients,
    string Formula,
    string Source,
    bool Verified,
    bool FromPermit)
{
    /// <summary>Reference O₂ the limit is expressed at; measured values must be corrected to it before comparing.</summary>
    public double? ReferenceOxygenPercent { get; init; }

    /// <summary>What else a reader must know: full value sources, exemptions, caveats.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>Something that keeps a limit from being known; the parameter is null when it concerns the whole facility.</summary>
public sealed record LimitProblem(string? Parameter, string Reason);

/// <summary>A regulation row deliberately not applied, with the reason (saline receiving water, another source category…).</summary>
public sealed record SkippedParameter(string Parameter, string Reason);

/// <summary>Which regulation and column apply on a date, and why.</summary>
/// <param name="Applied">Null when no regulation can be applied (unknown id, superseded without a usable transition…).</param>
/// <param name="Transition">The transition rule consulted, if the requested regulation was superseded on that date.</param>
public sealed record RegulationChoice(
    string Requested,
    Regulation? Applied,
    string? Column,
    string? Scope,
    RegulationTransition? Transition,
    string Reason);

/// <summary>The effective limits of a facility on a date.</summary>
public sealed record EffectiveLimitSet(
    DateOnly OnDate,
    RegulationChoice Choice,
    IReadOnlyList<EffectiveLimit> Limits,
    IReadOnlyList<LimitProblem> Problems,
    IReadOnlyList<SkippedParameter> Skipped)
{
    public EffectiveLimit? Find(string parameter) => Limits.FirstOrDefault(l => l.Parameter == parameter);
}

/// <summary>
/// Computes a facility's effective limits: the regulation that applies on the date (with the transition rule),
/// Cmax = C × coefficients where the regulation applies them, and the permit's limits where they are stricter.
/// Pure: no I/O, no clock.
/// </summary>
public static class EffectiveLimits
{
    /// <summary>
    /// The effective limits on <paramref name="onDate"/> (a Vietnam calendar day).
    /// </summary>
    /// <param name="transitions">Transition rules to use instead of the catalogue's (configuration); null keeps the catalogue's.</param>
    public static EffectiveLimitSet Compute(
        RegulationCatalogue catalogue,
        LimitBasis basis,
        DateOnly onDate,
        IReadOnlyList<RegulationTransition>? transitions = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(basis);

        var problems = new List<LimitProblem>();
        var skipped = new List<SkippedParameter>();
        var limits = new List<EffectiveLimit>();

        var choice = Choose(catalogue, basis, onDate, transitions ?? catalogue.Transitions, problems);
        if (choice.Applied is { } regulation && choice.Column is { } column)
        {
            AddRegulationLimits(catalogue, basis, choice, regulation, column, limits, problems, skipped);
        }

        ApplyPermit(basis.PermitLimits ?? [], limits, problems);
        return new EffectiveLimitSet(onDate, choice, limits, problems, skipped);
    }

    private static RegulationChoice Choose(
        RegulationCatalogue catalogue,
        LimitBasis basis,
        DateOnly onDate,
        IReadOnlyList<RegulationTransition> transitions,
        List<LimitProblem> problems)
    {
        var day = ComplianceText.Date(onDate);
        RegulationChoice None(string reason)
        {
            problems.Add(new LimitProblem(null, reason));
            return new RegulationChoice(basis.RegulationId, null, null, null, null, reason);
        }

        if (catalogue.Find(basis.RegulationId) is not { } requested)
        {
            return None($"Regulation '{basis.RegulationId}' is not in the catalogue (known: {string.Join(", ", catalogue.Regulations.Select(r => r.Id))}); only permit limits apply");
        }

        if (requested.EffectiveFrom is { } from && onDate < from)
        {
            return None($"{requested.Code} is in force from {ComplianceText.Date(from)}, not yet on {day}; only permit limits apply");
        }

        if (requested.EffectiveTo is not { } to || onDate <= to)
        {
            var inForce = requested.EffectiveTo is { } end ? $"in force until {ComplianceText.Date(end)}" : "in force";
            return WithColumn(requested, basis.Column, basis.Scope, null, $"{requested.Code} as the permit states ({inForce})", onDate, problems);
        }

        var successorId = requested.SupersededBy ?? "its successor";
        if (transitions.FirstOrDefault(t => t.From == requested.Id) is not { } transition)
        {
            return None($"{requested.Code} was replaced by {successorId} after {ComplianceText.Date(to)} and no transition rule is configured for it; only permit limits apply");
        }

        var tagged = transition.Verified ? "" : $" (transition rule [{transition.Tag}], unverified: {transition.Source})";
        if (basis.PermittedOn is not { } permitted)
        {
            var reason = $"Permit date not set: cannot tell whether {requested.Code} may still be applied on {day} under the transition to {transition.To} (permits before {ComplianceText.Date(transition.NewEffectiveFrom)} keep it until {ComplianceText.Date(transition.OldAllowedUntil)}); only permit limits apply";
            problems.Add(new LimitProblem(null, reason));
            return new RegulationChoice(basis.RegulationId, null, null, null, transition, reason);
        }

        var eligible = permitted < transition.NewEffectiveFrom;
        if (eligible && onDate <= transition.OldAllowedUntil)
        {
            var reason = $"{requested.Code} kept under the transition: permitted on {ComplianceText.Date(permitted)}, before {ComplianceText.Date(transition.NewEffectiveFrom)}; allowed until {ComplianceText.Date(transition.OldAllowedUntil)}{tagged}";
            return WithColumn(requested, basis.Column, basis.Scope, transition, reason, onDate, problems);
        }

        var why = eligible
            ? $"the transition for {requested.Code} ended on {ComplianceText.Date(transition.OldAllowedUntil)}"
            : $"permitted on {ComplianceText.Date(permitted)}, not before {ComplianceText.Date(transition.NewEffectiveFrom)}, so {requested.Code} no longer applies";
        if (catalogue.Find(transition.To) is not { } successor)
        {
            return None($"{why}; its successor '{transition.To}' is not in the catalogue; only permit limits apply");
        }

        if (successor.EffectiveTo is { } successorEnd && onDate > successorEnd)
        {
            return None($"{why}; {successor.Code} itself ended on {ComplianceText.Date(successorEnd)}; only permit limits apply");
        }

        if (basis.SuccessorColumn is not { } successorColumn)
        {
            var reason = $"{why}; {successor.Code} applies, but the facility's column under {successor.Code} is not set; only permit limits apply";
            problems.Add(new LimitProblem(null, reason));
            return new RegulationChoice(basis.RegulationId, successor, null, null, transition, reason);
        }

        return WithColumn(successor, successorColumn, basis.SuccessorScope, transition, $"{successor.Code} applies: {why}{tagged}", onDate, problems);
    }

    private static RegulationChoice WithColumn(
        Regulation regulation,
        string column,
        string? scope,
        RegulationTransition? transition,
        string reason,
        DateOnly onDate,
        List<LimitProblem> problems)
    {
        if (regulation.Columns.Count == 0)
        {
            var absent = $"{reason}; the columns and limit values of {regulation.Code} are not in the catalogue (not retrieved from the official text); only permit limits apply";
            problems.Add(new LimitProblem(null, absent));
            return new RegulationChoice(regulation.Id, regulation, null, null, transition, absent);
        }

        if (regulation.Column(column) is not { } found)
        {
            var unknown = $"{reason}; column '{column}' is not a column of {regulation.Code} ({string.Join(", ", regulation.Columns.Select(c => c.Id))}); only permit limits apply";
            problems.Add(new LimitProblem(null, unknown));
            return new RegulationChoice(regulation.Id, regulation, null, null, transition, unknown);
        }

        if (found.ApplicableUntil is { } until && onDate > until)
        {
            var ended = $"{reason}; column {found.Id} of {regulation.Code} applied only until {ComplianceText.Date(until)} ([{found.Tag}] {found.Source}); only permit limits apply";
            problems.Add(new LimitProblem(null, ended));
            return new RegulationChoice(regulation.Id, regulation, null, null, transition, ended);
        }

        string? usedScope = null;
        if (scope is not null)
        {
            if (regulation.Scope(scope) is null)
            {
                problems.Add(new LimitProblem(null,
                    $"Scope '{scope}' is not a scope of {regulation.Code} ({(regulation.Scopes.Count == 0 ? "it has none" : string.Join(", ", regulation.Scopes.Select(s => s.Id)))}); general rows only"));
            }
            else
            {
                usedScope = scope;
            }
        }

        return new RegulationChoice(regulation.Id, regulation, found.Id, usedScope, transition, $"{reason}; column {found.Id}");
    }

    private static void AddRegulationLimits(
        RegulationCatalogue catalogue,
        LimitBasis basis,
        RegulationChoice choice,
        Regulation regulation,
        string column,
        List<EffectiveLimit> limits,
        List<LimitProblem> problems,
        List<SkippedParameter> skipped)
    {
        var formula = regulation.Formula;
        var lookups = formula.Factors.ToDictionary(f => f, f => f switch
        {
            "Kq" => catalogue.Kq(basis.ReceivingWater),
            "Kf" => catalogue.Kf(basis.DesignWastewaterM3PerDay),
            "Kp" => catalogue.Kp(basis.DesignEmissionM3PerHour),
            "Kv" => catalogue.Kv(basis.EmissionZone),
            "K" => catalogue.K(basis.SizeClass),
            _ => CoefficientLookup.Unknown($"{f} unknown: no lookup for this factor"),
        });

        var scopeMissing = new List<string>();
        foreach (var code in regulation.Parameters.Select(p => p.Code).Distinct())
        {
            if (regulation.Parameter(code, choice.Scope) is not { } row)
            {
                var scopes = regulation.Parameters.Where(p => p.Code == code).Select(p => p.Scope!).ToList();
                if (choice.Scope is null)
                {
                    scopeMissing.Add(code);
                }

                skipped.Add(new SkippedParameter(code,
                    $"{regulation.Code} gives {code} only for {string.Join(", ", scopes)}; the facility's scope is {(choice.Scope is null ? "not set" : $"'{choice.Scope}'")}"));
                continue;
            }

            if (row.LimitFor(column) is not { } value)
            {
                problems.Add(new LimitProblem(code, $"{row.Table} gives no value for {code} in column {column}"));
                continue;
            }

            var notes = new List<string> { $"Value [{value.Tag}]: {value.Source}" };
            if (row.ExemptWhenSalineOrBrackish)
            {
                if (basis.ReceivingWater?.SalineOrBrackish == true)
                {
                    skipped.Add(new SkippedParameter(code, $"{row.Table}: {code} is not applied where the receiving water is saline or brackish{(row.Note is null ? "" : $" ({row.Note})")}"));
                    continue;
                }

                notes.Add(basis.ReceivingWater is null
                    ? "Not applied where the receiving water is saline or brackish; the receiving water is not set, so the limit is kept"
                    : "Not applied where the receiving water is saline or brackish; this receiving water is not");
            }

            if (row.Note is not null)
            {
                notes.Add(row.Note);
            }

            var factors = row.CoefficientsApply ? formula.Factors : [];
            var unknown = factors.Select(f => lookups[f]).Where(l => !l.IsKnown).ToList();
            if (unknown.Count > 0)
            {
                foreach (var lookup in unknown)
                {
                    problems.Add(new LimitProblem(code, lookup.Problem!));
                }

                continue;
            }

            var applied = factors.Select(f => lookups[f].Factor!).ToList();
            var scope = row.Scope is { } s ? regulation.Scope(s) : null;
            var exempt = !row.CoefficientsApply && formula.Factors.Count > 0;
            if (exempt)
            {
                notes.Add($"{string.Join(" and ", formula.Factors)} not applied to {code}: {formula.ExemptionsSource}");
            }

            if (scope?.ReferenceOxygenPercent is { } o2)
            {
                notes.Add($"Limit at {ComplianceText.Number(o2)} % O₂: correct measured values to it before comparing ({scope.Source})");
            }

            var verified = value.Verified
                && (applied.Count == 0 || (formula.Verified && applied.All(f => f.Verified)))
                && (!exempt || formula.ExemptionsVerified)
                && (choice.Transition is null || choice.Transition.Verified);

            var source = $"{row.Table}, column {column}{(scope is null ? "" : $", {scope.Description.En}")} [{value.Tag}]";
            limits.Add(Build(row, value, applied, formula, exempt, source, verified) with
            {
                ReferenceOxygenPercent = scope?.ReferenceOxygenPercent,
                Notes = notes,
            });
        }

        if (scopeMissing.Count > 0)
        {
            problems.Add(new LimitProblem(null,
                $"{regulation.Code} sets {string.Join(", ", scopeMissing)} per source category and capacity band; the facility's scope is not set (one of {string.Join(", ", regulation.Scopes.Select(s => s.Id))})"));
        }
    }

    private static EffectiveLimit Build(
        RegulationParameter row,
        ColumnLimit value,
        IReadOnlyList<NamedFactor> factors,
        RegulationFormula formula,
        bool exempt,
        string source,
        bool verified)
    {
        var unit = row.Unit;
        var notApplied = exempt ? $" ({string.Join(" and ", formula.Factors)} not applied)" : "";
        switch (row.Kind)
        {
            case LimitKind.Range:
                {
                    var lower = value.Min!.Value;
                    var upper = value.Max!.Value;
                    var text = $"{RangeText(row.Code, lower, upper, unit)}{notApplied}";
                    return new EffectiveLimit(row.Code, LimitKind.Range, lower, upper, unit, null, [], text, source, verified, false);
                }

            case LimitKind.Min:
                {
                    var c = value.Min!.Value;
                    var text = $"Cmin = C = {ComplianceText.Number(c)} {unit}{notApplied}";
                    return new EffectiveLimit(row.Code, LimitKind.Min, c, null, unit, c, [], text, source, verified, false);
                }

            default:
                {
                    var c = value.Max!.Value;
                    if (factors.Count == 0)
                    {
                        var plain = $"Cmax = C = {ComplianceText.Number(c)} {unit}{notApplied}";
                        return new EffectiveLimit(row.Code, LimitKind.Max, null, c, unit, c, [], plain, source, verified, false);
                    }

                    // Multiplied in decimal so that 150 × 0.9 × 1.1 is 148.5 and not 148.50000000000003:
                    // the printed arithmetic and the number compared must be the same number.
                    var product = factors.Aggregate((decimal)c, (acc, f) => acc * (decimal)f.Value);
                    var cmax = ComplianceText.ToDouble(product);
                    var text = $"{formula.Text} = {ComplianceText.Number(c)} × {string.Join(" × ", factors.Select(f => ComplianceText.Number(f.Value)))} = {ComplianceText.Number(product)} {unit}";
                    return new EffectiveLimit(row.Code, LimitKind.Max, null, cmax, unit, c, factors, text, source, verified, false);
                }
        }
    }

    private static string RangeText(string code, double lower, double upper, string unit) =>
        $"{ComplianceText.Number(lower)} ≤ {code} ≤ {ComplianceText.Number(upper)}{(string.Equals(unit, "pH", StringComparison.OrdinalIgnoreCase) ? "" : " " + unit)}";

    private static void ApplyPermit(IReadOnlyList<PermitLimit> permitLimits, List<EffectiveLimit> limits, List<LimitProblem> problems)
    {
        var valid = new List<PermitLimit>();
        foreach (var permit in permitLimits)
        {
            if (PermitProblem(permit) is { } problem)
            {
                problems.Add(new LimitProblem(permit.Parameter, problem));
            }
            else
            {
                valid.Add(permit);
            }
        }

        foreach (var group in valid.GroupBy(p => p.Parameter))
        {
            var permits = group.ToList();
            if (permits.Count > 1)
            {
                problems.Add(new LimitProblem(group.Key,
                    $"The permit limits for {group.Key} are listed {permits.Count} times ({string.Join("; ", permits.Select(p => p.Source))}); none is used until one is removed"));
                continue;
            }

            var permit = permits[0];
            var index = limits.FindIndex(l => l.Parameter == permit.Parameter);
            if (index < 0)
            {
                limits.Add(PermitOnly(permit, "The regulation gives no applicable limit for this parameter (see the problems and skipped rows); the permit limit applies alone"));
                continue;
            }

            var regulation = limits[index];
            if (!ParameterCatalogue.TryNormalizeUnit(permit.Unit, regulation.Unit, out _))
            {
                problems.Add(new LimitProblem(permit.Parameter,
                    $"Permit limit in '{permit.Unit}' cannot be compared with the regulation limit in '{regulation.Unit}' ({permit.Source}); the regulation limit applies"));
                continue;
            }

            limits[index] = Merge(regulation, permit);
        }
    }

    private static string? PermitProblem(PermitLimit permit)
    {
        if (string.IsNullOrWhiteSpace(permit.Parameter))
        {
            return "Permit limit without a parameter";
        }

        if (string.IsNullOrWhiteSpace(permit.Source))
        {
            return "Permit limit without a source (permit number and annex); not used";
        }

        if (string.IsNullOrWhiteSpace(permit.Unit))
        {
            return $"Permit limit without a unit ({permit.Source}); not used";
        }

        if (permit.Lower is null && permit.Upper is null)
        {
            return $"Permit limit with neither a lower nor an upper bound ({permit.Source}); not used";
        }

        if (permit.Lower is { } lo && !double.IsFinite(lo) || permit.Upper is { } hi && !double.IsFinite(hi))
        {
            return $"Permit limit bound is not a finite number ({permit.Source}); not used";
        }

        if (permit.Lower is { } lower && permit.Upper is { } upper && lower >= upper)
        {
            return $"Permit lower bound {ComplianceText.Number(lower)} is not below the upper bound {ComplianceText.Number(upper)} ({permit.Source}); not used";
        }

        return null;
    }

    private static EffectiveLimit PermitOnly(PermitLimit permit, string note)
    {
        var kind = KindOf(permit.Lower, permit.Upper);
        var text = $"Permit: {BoundsText(permit.Parameter, permit.Lower, permit.Upper, permit.Unit)} ({permit.Source})";
        return new EffectiveLimit(permit.Parameter, kind, permit.Lower, permit.Upper, permit.Unit, null, [], text, permit.Source, true, true)
        {
            Notes = [note],
        };
    }

    // Bound by bound: a higher minimum and a lower maximum are stricter; a bound the regulation lacks is always stricter.
    private static EffectiveLimit Merge(EffectiveLimit regulation, PermitLimit permit)
    {
        var lowerWins = permit.Lower is { } pl && (regulation.Lower is not { } rl || pl > rl);
        var upperWins = permit.Upper is { } pu && (regulation.Upper is not { } ru || pu < ru);
        var permitText = $"permit limit {BoundsText(regulation.Parameter, permit.Lower, permit.Upper, permit.Unit)} ({permit.Source})";
        if (!lowerWins && !upperWins)
        {
            return regulation with
            {
                Notes = [.. regulation.Notes, $"The {permitText} is not stricter (equal or looser); the regulation limit applies"],
            };
        }

        var lower = lowerWins ? permit.Lower : regulation.Lower;
        var upper = upperWins ? permit.Upper : regulation.Upper;
        // Partial: one bound of the result is still the regulation's (pH 5.5–8.5 from a 5.5–9 standard and an upper 8.5 permit).
        var partial = (lower is not null && !lowerWins) || (upper is not null && !upperWins);
        var text = partial
            ? $"{BoundsText(regulation.Parameter, lower, upper, regulation.Unit)}: {(lowerWins ? "lower" : "upper")} bound from the {permitText}, stricter than {regulation.Formula}"
            : $"Permit: {BoundsText(regulation.Parameter, lower, upper, regulation.Unit)} ({permit.Source}), stricter than {regulation.Formula}";
        return regulation with
        {
            Kind = KindOf(lower, upper),
            Lower = lower,
            Upper = upper,
            Formula = text,
            Source = partial ? $"{permit.Source}; {regulation.Source}" : permit.Source,
            Verified = !partial || regulation.Verified,
            FromPermit = true,
            Notes = [.. regulation.Notes, $"The {permitText} is stricter than the regulation ({regulation.Formula})"],
        };
    }

    private static LimitKind KindOf(double? lower, double? upper) => (lower, upper) switch
    {
        (not null, not null) => LimitKind.Range,
        (not null, null) => LimitKind.Min,
        _ => LimitKind.Max,
    };

    private static string BoundsText(string parameter, double? lower, double? upper, string unit) => (lower, upper) switch
    {
        ({ } lo, { } hi) => RangeText(parameter, lo, hi, unit),
        ({ } lo, null) => $"Cmin = {ComplianceText.Number(lo)} {unit}",
        (null, { } hi) => $"Cmax = {ComplianceText.Number(hi)} {unit}",
        _ => "no bound",
    };
}
