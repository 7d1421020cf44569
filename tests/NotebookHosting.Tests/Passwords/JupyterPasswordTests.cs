using System.Text.RegularExpressions;
using Drivers.NotebookHosting.Passwords;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Drivers.NotebookHosting.Tests.Passwords;

public sealed class JupyterPasswordTests
{
    // Both taken from the reference notes: Jupyter 6.4.12 on Debian 12, passwd("test").
    private const string JupyterArgon2OfTest = "argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ";
    private const string JupyterSha1OfTest = "sha1:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e168";

    [Fact]
    public void The_argon2_hash_has_exactly_Jupyters_shape_and_parameters()
    {
        var hash = JupyterPassword.Hash("s3cret");

        Assert.Matches(@"^argon2:\$argon2id\$v=19\$m=10240,t=10,p=8\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{22}$", hash);
    }

    [Fact]
    public void The_sha1_hash_has_a_twelve_hex_salt_and_a_hex_digest()
    {
        var hash = JupyterPassword.Hash("s3cret", JupyterPasswordAlgorithm.Sha1);

        Assert.Matches("^sha1:[0-9a-f]{12}:[0-9a-f]{40}$", hash);
    }

    [Fact]
    public void Two_hashes_of_one_password_differ_by_their_salt()
    {
        Assert.NotEqual(JupyterPassword.Hash("s3cret"), JupyterPassword.Hash("s3cret"));
        Assert.NotEqual(JupyterPassword.Hash("s3cret", JupyterPasswordAlgorithm.Sha1), JupyterPassword.Hash("s3cret", JupyterPasswordAlgorithm.Sha1));
    }

    [Fact]
    public void Hashes_Jupyter_made_verify_with_the_right_password_only()
    {
        Assert.True(JupyterPassword.Verify("test", JupyterArgon2OfTest));
        Assert.False(JupyterPassword.Verify("Test", JupyterArgon2OfTest));
        Assert.True(JupyterPassword.Verify("test", JupyterSha1OfTest));
        Assert.False(JupyterPassword.Verify("test ", JupyterSha1OfTest));
    }

    [Theory]
    [InlineData(JupyterPasswordAlgorithm.Argon2)]
    [InlineData(JupyterPasswordAlgorithm.Sha1)]
    public void Our_own_hashes_verify_with_the_right_password_only(JupyterPasswordAlgorithm algorithm)
    {
        var hash = JupyterPassword.Hash("pässwörd ☃", algorithm);

        Assert.True(JupyterPassword.Verify("pässwörd ☃", hash));
        Assert.False(JupyterPassword.Verify("passwörd ☃", hash));
        Assert.True(JupyterPassword.IsHash(hash));
    }

    [Fact]
    public void An_empty_password_is_refused_when_hashing_and_never_matches()
    {
        Assert.Throws<ArgumentException>(() => JupyterPassword.Hash(""));
        Assert.False(JupyterPassword.Verify("", JupyterSha1OfTest));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("argon2:")]
    [InlineData("argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA")]
    [InlineData("argon2:$argon2id$v=16$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2x$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=10240,t=10$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=-1,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=10240,t=10,p=8$ihZE86omfZzCPP1NDRA2KA==$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=10240,t=10,p=8$i!ZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=99999999,t=10,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("argon2:$argon2id$v=19$m=10240,t=99999,p=8$ihZE86omfZzCPP1NDRA2KA$PYOJms7N4owwhz1+h2ROqQ")]
    [InlineData("sha1:d1bb7953510a")]
    [InlineData("sha1:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e16")]
    [InlineData("sha1:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e16g")]
    [InlineData("whirlpool:d1bb7953510a:9bd6578f6aab4a53f8c6d4db092264f93799e168")]
    [InlineData("test")]
    public void A_malformed_or_hostile_hash_never_matches(string? hash)
    {
        Assert.False(JupyterPassword.Verify("test", hash));
        Assert.False(JupyterPassword.IsHash(hash));
    }

    [Property(MaxTest = 300)]
    public void Any_garbage_is_not_a_hash_and_never_throws(string garbage)
    {
        var text = garbage ?? "";
        JupyterPassword.IsHash(text);
        Assert.False(JupyterPassword.Verify("test", "sha1:" + text));
        Assert.False(JupyterPassword.Verify("test", "argon2:" + text));
    }

    [Property(MaxTest = 200)]
    public Property Truncating_a_real_hash_anywhere_never_matches_and_never_throws() =>
        Prop.ForAll(Gen.Choose(0, JupyterArgon2OfTest.Length - 1).ToArbitrary(), Gen.Choose(0, JupyterSha1OfTest.Length - 1).ToArbitrary(),
            (argon2Cut, sha1Cut) =>
                !JupyterPassword.Verify("test", JupyterArgon2OfTest[..argon2Cut]) && !JupyterPassword.Verify("test", JupyterSha1OfTest[..sha1Cut]));

    [Property(MaxTest = 50)]
    public bool Any_password_verifies_against_its_own_sha1_hash(NonEmptyString password) =>
        JupyterPassword.Verify(password.Get, JupyterPassword.Hash(password.Get, JupyterPasswordAlgorithm.Sha1));

    [Fact]
    public void The_salt_of_a_hash_is_fresh_randomness_not_a_counter()
    {
        var salts = Enumerable.Range(0, 20)
            .Select(_ => Regex.Match(JupyterPassword.Hash("x", JupyterPasswordAlgorithm.Sha1), "^sha1:([0-9a-f]{12}):").Groups[1].Value)
            .ToHashSet();

        Assert.Equal(20, salts.Count);
    }
}
