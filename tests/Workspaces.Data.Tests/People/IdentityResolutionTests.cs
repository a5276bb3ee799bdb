using Workspaces.Data.People;

namespace Workspaces.Data.Tests.People;

// The five identity rules as plain C#, without a database.
public sealed class IdentityResolutionTests
{
    private static readonly Person A = new() { Id = "prs_a", UserId = "u1", Email = "a@example.com", Traits = "{}" };
    private static readonly Person B = new() { Id = "prs_b", UserId = null, Email = "b@example.com", Traits = "{}" };
    private static readonly Person BWithOtherUser = new() { Id = "prs_c", UserId = "u2", Email = "c@example.com", Traits = "{}" };

    [Test]
    public void Rule_1_two_different_people_conflict_and_both_are_named()
    {
        var decision = IdentityResolution.Resolve(A, B, "u1", updateOnly: false);
        Assert.That(decision.Action, Is.EqualTo(IdentityAction.Conflict));
        Assert.That(decision.ConflictingIds, Is.EqualTo(new[] { "prs_a", "prs_b" }));
    }

    [Test]
    public void Rule_2_the_userId_match_is_updated() =>
        Assert.That(IdentityResolution.Resolve(A, null, "u1", updateOnly: true), Is.EqualTo(new IdentityDecision(IdentityAction.Update, A)));

    [Test]
    public void Rule_2_the_same_person_matched_twice_is_updated() =>
        Assert.That(IdentityResolution.Resolve(A, A, "u1", updateOnly: false).Target, Is.SameAs(A));

    [Test]
    public void Rule_3_an_email_match_without_userId_is_updated() =>
        Assert.That(IdentityResolution.Resolve(null, B, "u9", updateOnly: false), Is.EqualTo(new IdentityDecision(IdentityAction.Update, B)));

    [Test]
    public void Rule_4_an_email_match_with_another_userId_conflicts()
    {
        var decision = IdentityResolution.Resolve(null, BWithOtherUser, "u9", updateOnly: false);
        Assert.That(decision.Action, Is.EqualTo(IdentityAction.Conflict));
        Assert.That(decision.ConflictingIds, Is.EqualTo(new[] { "prs_c" }));
    }

    [Test]
    public void An_email_only_request_updates_the_email_match_whatever_its_userId() =>
        Assert.That(IdentityResolution.Resolve(null, BWithOtherUser, null, updateOnly: false).Action, Is.EqualTo(IdentityAction.Update));

    [Test]
    public void Rule_5_no_match_creates_unless_updateOnly()
    {
        Assert.That(IdentityResolution.Resolve(null, null, "u1", updateOnly: false).Action, Is.EqualTo(IdentityAction.Create));
        Assert.That(IdentityResolution.Resolve(null, null, "u1", updateOnly: true).Action, Is.EqualTo(IdentityAction.NotFound));
    }
}
