/**
 * The GitHub connector: {@link dev.leaver.activities.github.GithubTarget} configured with {@link
 * dev.leaver.activities.github.GithubConfig}, for one organisation. Everything else is
 * package-private: the github-api wrapper with its raw REST/GraphQL calls ({@code GithubApi}), the
 * error mapping ({@code GithubErrors}), identity mapping ({@code Identities}) and one class per
 * action.
 *
 * <p>Undoing on GitHub means inviting: nothing puts a membership or a collaborator back without the
 * person accepting, and every undo here says so in its receipt ({@code restoredAs}). Tokens are
 * never logged; {@code GithubConfig.toString()} masks them.
 */
package dev.leaver.activities.github;
