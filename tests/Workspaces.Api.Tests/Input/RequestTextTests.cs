using System.Text;
using Workspaces.Api.Input;

namespace Workspaces.Api.Tests.Input;

// What text the API accepts in a JSON body and in a request target (RequestText; StrictInput applies it).
public sealed class RequestTextTests
{
    [TestCase("""{"a":"plain ✓ 😀"}""")]
    [TestCase("""{"a":"\ud83d\ude00","\u00e9":1}""")]
    [TestCase("""{"a":"\u0001 and \t are text"}""")]
    [TestCase("""{"n":[0,-1.5,1e308,1E-308,12345678901234567890]}""")]
    [TestCase("""{"n":1e+0000308}""")]
    public void Well_formed_text_and_numbers_pass(string json) =>
        Assert.That(RequestText.CheckJson(Encoding.UTF8.GetBytes(json)), Is.Null);

    [TestCase("""{"a":"\u0000"}""")]
    [TestCase("""{"\u0000":1}""")]
    [TestCase("""{"a":"\ud800"}""")]
    [TestCase("""{"a":"\udc00\ud800"}""")]
    [TestCase("""{"a":"\ud83d\u0041"}""")]
    [TestCase("""{"n":1e309}""")]
    [TestCase("""{"n":1e-400}""")]
    [TestCase("""{"a":}""")]
    public void NUL_lone_surrogates_numbers_beyond_range_and_bad_JSON_are_refused(string json) =>
        Assert.That(RequestText.CheckJson(Encoding.UTF8.GetBytes(json)), Is.Not.Null);

    [Test]
    public void Bytes_that_are_not_UTF8_are_refused_even_outside_strings() =>
        Assert.That(RequestText.CheckJson([.. "{\"a\":1}"u8, 0xFF]), Is.EqualTo("The body is not valid UTF-8."));

    [Test]
    public void A_leading_byte_order_mark_is_allowed() =>
        Assert.That(RequestText.CheckJson([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]), Is.Null);

    [Test]
    public void A_number_longer_than_1000_characters_is_refused() =>
        Assert.That(RequestText.CheckJson(Encoding.ASCII.GetBytes("[" + new string('1', 1001) + "]")), Is.Not.Null);

    [TestCase("/v1/admin/workspaces?limit=10&cursor=abc-_")]
    [TestCase("/v1/workspaces/acme/people?email=ada%40example.com")]
    [TestCase("/v1/workspaces/acme/people?userId=%C3%BC%F0%9F%98%80")]
    public void Well_formed_targets_pass(string target) => Assert.That(RequestText.CheckTarget(target), Is.Null);

    [TestCase("/x?userId=%00")]
    [TestCase("/x/%1F")]
    [TestCase("/x?a=%7F")]
    [TestCase("/x?a=%C2%85")]
    [TestCase("/x?a=%FF")]
    [TestCase("/x?a=%C0%80")]
    [TestCase("/x?a=%ED%A0%80")]
    [TestCase("/x?a=%E2%82")]
    [TestCase("/x?a=%zz")]
    [TestCase("/x?a=%4")]
    [TestCase("/x?a=%")]
    public void Targets_with_control_characters_or_bad_encoding_are_refused(string target) =>
        Assert.That(RequestText.CheckTarget(target), Is.Not.Null);
}
