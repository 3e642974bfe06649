package dev.leaver.activities.azure;

/** The demo tenant's Azure facts the tests use (sandbox/src/main/resources/tenants/demo.yaml). */
final class AzureSandbox {
  static final String LINUS = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b1005";
  static final String GRACE = "8c0e4b7a-2d3f-4e6a-b1c9-5f7a8d9e2002";
  static final String PROD = "/subscriptions/" + AzureConfig.SANDBOX_PROD;
  static final String DEV = "/subscriptions/" + AzureConfig.SANDBOX_DEV;
  static final String KV_PAYMENTS =
      PROD + "/resourceGroups/rg-payments/providers/Microsoft.KeyVault/vaults/kv-payments-prod";
  static final String KV_DEV =
      DEV + "/resourceGroups/rg-platform/providers/Microsoft.KeyVault/vaults/kv-dev-tools";
  static final String STORAGE =
      PROD
          + "/resourceGroups/rg-payments/providers/Microsoft.Storage/storageAccounts/stpaymentsprod";
  static final String SB_RULE =
      PROD
          + "/resourceGroups/rg-payments/providers/Microsoft.ServiceBus/namespaces/sb-orders-prod/authorizationRules/orders-sender";
  static final String APIM =
      PROD + "/resourceGroups/rg-api/providers/Microsoft.ApiManagement/service/apim-contoso";

  private AzureSandbox() {}
}
