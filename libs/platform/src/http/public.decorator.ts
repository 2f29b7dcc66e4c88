import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'onescale:public-route';

/** Marks a route that needs no credential (health, readiness, metrics, docs). */
export const PublicRoute = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);
