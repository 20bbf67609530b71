#!/bin/sh
# render-config.sh <template> <output>: writes Alertmanager's configuration with the admins' chat and the alerting
# bot's token from the environment (ALERT_TELEGRAM_CHAT_ID; ALERT_TELEGRAM_BOT_TOKEN, else BOT_TOKEN), which
# Alertmanager itself cannot read. Exits 2 naming what to set when one is missing or malformed.
set -eu
template=$1
output=$2
chat=${ALERT_TELEGRAM_CHAT_ID:-}
token=${ALERT_TELEGRAM_BOT_TOKEN:-${BOT_TOKEN:-}}
case "$chat" in
  '' | - | *[!0-9-]* | ?*-*)
    echo "alertmanager: set ALERT_TELEGRAM_CHAT_ID in .env to the numeric id of the admins' Telegram chat" \
      "(a group's is negative, e.g. -1001234567890; docs/operations.md#alerts), not '$chat'" >&2
    exit 2 ;;
esac
case "$token" in
  [0-9]*:[A-Za-z0-9_-]*) ;;
  *)
    echo "alertmanager: set ALERT_TELEGRAM_BOT_TOKEN (or BOT_TOKEN) in .env to the token of the bot that sends the alerts" >&2
    exit 2 ;;
esac
case "$token" in
  *[!0-9A-Za-z:_-]*)
    echo "alertmanager: ALERT_TELEGRAM_BOT_TOKEN holds characters a Telegram token does not have" >&2
    exit 2 ;;
esac
sed -e "s/@ALERT_TELEGRAM_CHAT_ID@/$chat/" -e "s/@ALERT_TELEGRAM_BOT_TOKEN@/$token/" "$template" > "$output"
