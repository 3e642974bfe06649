/**
 * The GitHub emulator: {@link dev.leaver.sandbox.github.GithubEmulator} serves, under {@code
 * /github}, the REST endpoints {@code org.kohsuke:github-api} and the Leaver GitHub connector call
 * for one organisation (memberships, teams, invitations, outside collaborators, repository
 * collaborators, SAML SSO credential authorizations, fine-grained personal access tokens) and the
 * one GraphQL query the connector sends (the organisation's SAML external identities), with the
 * status codes GitHub documents. Lists are paginated with {@code Link} headers.
 */
package dev.leaver.sandbox.github;
