package dev.trainingbot.worker.route;

import dev.trainingbot.worker.telegram.TelegramGateway;

/**
 * Changes a worker's route table as it is built, with the worker's own gateway at hand. Production runs none; tests
 * use one to add a handler that exercises a path the course does not (a failing handler, an echo).
 */
@FunctionalInterface
public interface RouteExtension {

    RouteExtension NONE = (routes, telegram) -> {};

    void extend(Router.Builder routes, TelegramGateway telegram);
}
