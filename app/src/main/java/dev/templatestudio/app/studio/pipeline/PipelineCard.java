package dev.templatestudio.app.studio.pipeline;

/**
 * What one card of the pipeline shows.
 *
 * @param part    0 for the base, 1…N for the steps, N+1 for the start command and ready check
 *                (the numbering of build events and of the rendered Dockerfile's parts)
 * @param icon    the icon name
 * @param kind    the kind in words, such as "apt"
 * @param summary one line saying what the part does
 * @param step    true when the card is a step (movable, deletable)
 */
public record PipelineCard(int part, String icon, String kind, String summary, boolean step) {}
