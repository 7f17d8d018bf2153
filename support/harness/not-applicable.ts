// How a "not applicable" verdict travels from the scenario to the results: a text attachment
// with this file name carries the reason (the capability or version the broker lacks).
export const notApplicableAttachment = "not-applicable";
