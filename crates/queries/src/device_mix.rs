//! The device mix on a date: how many users were primarily on each device.

use super::Question;

/// The device-mix question.
pub const QUESTION: Question = Question {
    id: "device_mix",
    title: "Device mix on a date",
    explanation: "How many users were primarily on each device on the chosen date?",
    datestamp_sql: "SELECT device, count(*) AS users
FROM dim_devices
WHERE ds = '{{ date }}'
GROUP BY device
ORDER BY device",
    scd2_sql: "SELECT device, count(*) AS users
FROM dim_devices_scd2
WHERE valid_from <= DATE '{{ date }}'
  AND (valid_to > DATE '{{ date }}' OR valid_to IS NULL)
GROUP BY device
ORDER BY device",
    scd1_sql: None,
};
