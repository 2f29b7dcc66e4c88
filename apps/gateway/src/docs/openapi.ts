import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/** The OpenAPI 3 document of the public API, built from the same route table and DTOs that serve it. */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('onescale')
    .setDescription(
      'The scale layer of the ONE ontology: batch writes, always-fresh computed fields, plan quotas and archival. ' +
        'Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457 problem details. ' +
        'Responses to group keys carry X-Quota-Limit, X-Quota-Remaining and X-Quota-Reset (epoch ms) for monthly api calls.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'the platform admin key or a group api key' })
    .build();
  return SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
}

/** Serves the document at /docs-json and the interactive page at /docs. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
