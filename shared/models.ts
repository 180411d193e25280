/** The model registry, the inference endpoint and predictions (issue 8): methods and events. */
export const modelMethods = {} as const;

/** Events of the model registry and the endpoint. */
export const modelEvents = {} as const;
