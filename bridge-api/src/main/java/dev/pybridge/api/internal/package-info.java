/**
 * What the API's catalogs share with core's: spelling suggestions and the checking of a provider's
 * properties. Exported to {@code dev.pybridge.core} only; not an API.
 */
package dev.pybridge.api.internal;
