using RegistryConsole.Core.Persistence;

namespace RegistryConsole.Tests.Unit.Core.Persistence;

/// <summary>A scope's stamp from its rows: one row as it is, stripes (PostgreSQL's registry scope) hashed in key order.</summary>
public sealed class ChangeStampTests
{
    private static readonly string[] Keys = Enumerable.Range(0, 4).Select(stripe => ChangeStamp.StripeKey(ChangeStamp.Registry, stripe)).ToArray();

    [Fact]
    public void Combine_OneRowAScope_IsEachRowsStamp()
    {
        var stamps = ChangeStamp.Combine([(ChangeStamp.Access, "a1"), (ChangeStamp.Registry, "r1")]);

        Assert.Equal(new Dictionary<string, string> { [ChangeStamp.Access] = "a1", [ChangeStamp.Registry] = "r1" }, stamps);
    }

    [Fact]
    public void Combine_StripesInAnyOrder_AreOneFixedLengthStampOfTheirScope_InKeyOrder()
    {
        var shuffled = ChangeStamp.Combine([(Keys[2], "s2"), (ChangeStamp.Access, "a1"), (Keys[0], "s0"), (Keys[3], "s3"), (Keys[1], "s1")]);
        var ordered = ChangeStamp.Combine([(Keys[0], "s0"), (Keys[1], "s1"), (Keys[2], "s2"), (Keys[3], "s3"), (ChangeStamp.Access, "a1")]);
        var swapped = ChangeStamp.Combine([(Keys[0], "s0"), (Keys[1], "s2"), (Keys[2], "s1"), (Keys[3], "s3")]);

        Assert.Equal(["registry", "registry#01", "registry#02", "registry#03"], Keys);
        Assert.Equal(ordered, shuffled);
        Assert.Equal(2, shuffled.Count);
        Assert.Equal("a1", shuffled[ChangeStamp.Access]);
        Assert.Matches("^[0-9A-F]{32}$", shuffled[ChangeStamp.Registry]);
        Assert.NotEqual(shuffled[ChangeStamp.Registry], swapped[ChangeStamp.Registry]);
    }

    [Fact]
    public void Combine_AChangeOfAnyOneStripe_ChangesTheScopesStamp()
    {
        (string, string)[] before = [(Keys[0], "s0"), (Keys[1], "s1"), (Keys[2], "s2"), (Keys[3], "s3")];
        var stamp = ChangeStamp.Combine(before)[ChangeStamp.Registry];

        for (var i = 0; i < before.Length; i++)
        {
            var after = before.ToArray();
            after[i] = (after[i].Item1, ChangeStamp.NewStamp());
            Assert.NotEqual(stamp, ChangeStamp.Combine(after)[ChangeStamp.Registry]);
        }
    }

    [Fact]
    public void FurtherRegistryStripes_BesideTheScopesOwnRow_AreEveryStripeOnce()
    {
        var keys = ChangeStamp.FurtherRegistryStripes().Select(s => s.Scope).Prepend(ChangeStamp.Registry).ToList();

        Assert.Equal(ChangeStamp.PostgresRegistryStripes, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Enumerable.Range(0, ChangeStamp.PostgresRegistryStripes).Select(stripe => ChangeStamp.StripeKey(ChangeStamp.Registry, stripe)), keys);
    }
}
