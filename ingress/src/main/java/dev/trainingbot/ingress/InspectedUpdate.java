package dev.trainingbot.ingress;

import dev.trainingbot.common.kafka.ChatKey;

/**
 * What the ingress needs to know of an update: its id and its ordering key (the chat, or the user for updates
 * without a chat). Everything else stays in the raw bytes for the worker.
 */
public record InspectedUpdate(long updateId, ChatKey key) {}
