/**
 * The AWS emulator: {@link dev.leaver.sandbox.aws.AwsEmulator} puts a real AWS API emulator, moto
 * in server mode (PyPI {@code moto}, pinned in {@link dev.leaver.sandbox.pypi.PyPiServer#MOTO}),
 * behind the sandbox's port at {@code /aws}, seeded from the tenant file's {@code aws:} section.
 * The sandbox's request log and fault injection then apply to IAM calls as to any other emulator.
 */
package dev.leaver.sandbox.aws;
